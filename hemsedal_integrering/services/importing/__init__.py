"""Import from the spreadsheets an office keeps (xlsx and CSV): households and persons,
housing units, private leases with landlords, and work placements.

The flow the GUI (``ui.import_dialog``) and the command line (``import``)
share::

    names = sheet_names(path)
    table = read_table(path, sheet, score=header_score(kind))
    mapping = guess_mapping(kind, table.headers)          # {column: field}
    preview = run_import(ctx, table=table, mapping=mapping, options=opts, dry_run=True)
    result = run_import(ctx, table=table, mapping=mapping, options=opts, dry_run=False)

Modules: ``readers`` (files → rows), ``values`` (messy cells → values),
``fields`` (what each kind has, guessed and remembered mappings), ``rows``
(the common row types), ``households`` and ``other_rows`` (rows → service
calls), ``engine`` (transaction, preview, modes, cancel, audit) and
``templates`` (the example workbooks under ``resources/import_templates``).
"""

from __future__ import annotations

from .engine import DEFAULTABLE, HANDLERS, MODES, ImportOptions, ImportResult, check_mapping, run_import
from .fields import KIND_LABELS, KIND_PERMISSIONS, KINDS, FieldSpec, field_specs, guess_mapping, header_score, \
    remembered
from .readers import Table, column_letter, read_table, sheet_names
from .rows import ADDED, DUPLICATE, NEW, NOT_SAVED, REJECTED, RowOutcome

__all__ = [
    "ADDED", "DEFAULTABLE", "DUPLICATE", "HANDLERS", "KINDS", "KIND_LABELS", "KIND_PERMISSIONS", "MODES", "NEW",
    "NOT_SAVED", "REJECTED", "FieldSpec", "ImportOptions", "ImportResult", "RowOutcome", "Table", "check_mapping",
    "column_letter", "field_specs", "guess_mapping", "header_score", "read_table", "remembered", "run_import",
    "sheet_names",
]
