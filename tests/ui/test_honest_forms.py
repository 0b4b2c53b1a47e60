"""Forms are honest: what a role may not do, or nobody may do while the file is read-only, is not offered."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from PySide6.QtWidgets import QDialogButtonBox

from hemsedal_integrering.db import lock
from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts, housing, people
from hemsedal_integrering.ui.areas import AREAS
from hemsedal_integrering.ui.housing_dialogs import UnitDialog
from hemsedal_integrering.ui.main_window import MainWindow

D = dt.date
HOLDER = "Kari Nordby (programradgiver) on the machine KONTOR-2"


def _world(ctx):
    housing.create_unit(ctx, municipality="hemsedal", address="Tuvsvegen 1", ownership="municipal")
    people.register_household(ctx, municipality="hemsedal", name="Familien Haile", legal_basis="resettlement",
                              settlement_date=D(2026, 1, 10), members=[
                                  dict(first_name="Selam", last_name="Haile", role="adult", birth_date=D(1990, 1, 1))])
    for name, role in (("admin", "admin"), ("pr", "officer")):
        accounts.create_user(ctx, username=name, full_name=name.title(), role=role, password="demo-passord-123")


def test_admin_is_not_offered_a_new_lease_or_unit(qtbot, ctx):
    _world(ctx)
    admin = ctx.as_user(User.get(User.username == "admin"))
    w = MainWindow(admin, areas=AREAS)
    qtbot.addWidget(w)
    w.show_key("leases")
    leases = w.current_area().panel
    new = leases.buttons["new_lease"]
    assert not new.isEnabled() and "kan lese" in new.toolTip()
    opened = []
    import hemsedal_integrering.ui.housing_area as ha
    orig = ha.LeaseDialog
    ha.LeaseDialog = lambda *a, **k: opened.append(a)
    try:
        w.current_area().new_item()  # Ctrl+N
    finally:
        ha.LeaseDialog = orig
    assert opened == []
    w.show_key("housing")
    units = w.current_area().panel
    assert not units.buttons["new_unit"].isEnabled() and not units.buttons["edit_unit"].isEnabled()
    assert units.buttons["print"].isEnabled() or units.current_id() is None
    # a unit opened anyway (Enter) is a form to read: Lagre is disabled and says why
    dialog = UnitDialog(admin, w.bus, w, units.current_id())
    qtbot.addWidget(dialog)
    dialog.add_footer()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and save.toolTip()
    assert not dialog.save()


def test_read_only_mode_disables_every_editing_action_and_says_who_holds_it(qtbot, ctx, db_path):
    _world(ctx)
    officer = ctx.as_user(User.get(User.username == "pr"))
    # given another workstation holds the write lock
    holder_lock, _none = lock.acquire(db_path, user="Kari Nordby (programradgiver)")
    assert holder_lock is not None
    writer, holder = lock.acquire(db_path, user="Pr (pr)")
    assert writer is None and holder is not None
    ctx.db.read_only_reason = lock.read_only_message(holder)
    session = SimpleNamespace(db_path=db_path, ctx=officer, read_only=True, message=ctx.db.read_only_reason,
                              writer_lock=None, holder=holder, user=officer.user, db=ctx.db,
                              close=lambda: None)  # the window closes its session when it closes
    w = MainWindow(officer, areas=AREAS, session=session)
    qtbot.addWidget(w)
    w.show()
    banner = w.read_only_banner
    assert banner.isVisible() and "Kari Nordby" in banner.text.text() and banner.retry_button.isVisible()
    assert banner.retry_button.text() == "Prøv igjen"
    for key, buttons in (("housing", ("new_unit", "edit_unit", "move_in", "archive")),
                         ("people", ("new_household", "add_status", "move_in"))):
        w.show_key(key)
        panel = w.current_area().panel
        for name in buttons:
            b = panel.buttons[name]
            assert not b.isEnabled(), (key, name)
            assert "Kari Nordby" in b.toolTip(), (key, name)
    w.show_key("tasks")
    tasks = w.current_area()
    assert not tasks.done_button.isEnabled() and "Kari Nordby" in tasks.done_button.toolTip()
    w.show_key("inspections")
    insp = w.current_area()
    assert insp.wait()
    insp.units.selectRow(0)
    assert not insp.plan_button.isEnabled() and not insp.record_button.isEnabled()
    # "Prøv igjen" while the other still holds it: still read-only, the banner names them
    rebuilt = []
    banner.on_change = lambda: rebuilt.append(1)
    assert not banner.retry() and rebuilt == [] and "Kari Nordby" in banner.text.text()
    # the other closes the program: "Prøv igjen" takes over saving and the window is rebuilt
    holder_lock.release()
    assert banner.retry() and rebuilt == [1]
    assert getattr(ctx.db, "read_only_reason", None) is None and not session.read_only
    session.writer_lock.release()


def test_a_lock_lost_while_running_shows_the_banner(qtbot, ctx):
    _world(ctx)
    officer = ctx.as_user(User.get(User.username == "pr"))
    w = MainWindow(officer, areas=AREAS)
    qtbot.addWidget(w)
    w.show()
    assert not w.read_only_banner.isVisible()
    # when the writer lock is lost (db.lock.attach marks the database read-only)
    ctx.db.read_only_reason = lock.lost_message("the lock file was removed")
    w.read_only_banner.on_lost(ctx.db.read_only_reason)
    assert w.read_only_banner.isVisible() and "lagre" in w.read_only_banner.text.text()
    del ctx.db.read_only_reason
