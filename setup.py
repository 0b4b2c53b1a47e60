"""Package layout for setuptools (everything else is in pyproject.toml).

The repository keeps the shipped files in the top-level ``resources/`` folder;
the wheel carries them inside the package as ``hemsedal_integrering/_resources``
(``package_dir`` maps one to the other), where ``hemsedal_integrering.resources``
finds them. The schema files ship beside ``db/migrations.py``.
"""

from setuptools import find_packages, setup

RESOURCES = "hemsedal_integrering._resources"

setup(
    packages=[*find_packages(include=["hemsedal_integrering", "hemsedal_integrering.*"]), RESOURCES],
    package_dir={RESOURCES: "resources"},
    package_data={
        RESOURCES: ["**/*"],
        "hemsedal_integrering.db": ["*.sql"],
    },
    exclude_package_data={RESOURCES: ["**/__pycache__/*", "**/*.pyc"]},
)
