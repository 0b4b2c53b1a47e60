"""The operating system's credential store for server passwords (issue 17), through ``keyring``, optional.

The program never writes a password anywhere itself. When the user ticks «Husk passordet» the password
goes to the operating system's store (Windows Credential Manager, macOS Keychain, Secret Service on
Linux) under the service name ``SERVICE`` and the key ``<user>@<server URL without user>``. Where no
store exists (CI, a bare Linux desktop) ``available()`` is False and every call here does nothing: the
password is simply asked each time. A store that fails is treated the same way, never as an error.
"""

from __future__ import annotations

SERVICE = "hemsedal-integrering"


def _keyring():  # the keyring module, or None
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # not installed, or broken on this machine
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def available() -> bool:
    """Whether the operating system offers a credential store the program can use."""
    return _keyring() is not None


def _key(server: str, username: str) -> str:
    return f"{username}@{server}"


def stored_password(server: str, username: str) -> str | None:
    store = _keyring()
    if store is None or not username:
        return None
    try:
        return store.get_password(SERVICE, _key(server, username))
    except Exception:  # a locked or broken store: ask for the password instead
        return None


def store_password(server: str, username: str, password: str) -> bool:
    """Keep the password in the store; False when there is none or it refused."""
    store = _keyring()
    if store is None or not username:
        return False
    try:
        store.set_password(SERVICE, _key(server, username), password)
    except Exception:
        return False
    return True


def forget_password(server: str, username: str) -> None:
    store = _keyring()
    if store is None or not username:
        return
    try:
        store.delete_password(SERVICE, _key(server, username))
    except Exception:  # nothing stored, or the store is gone: nothing to forget
        pass


def replace_if_stored(server: str, username: str, password: str) -> bool:
    """After a password change: a password the store keeps for this login is replaced by the new one (the next
    start would otherwise fill in the old one); nothing is stored that was not. True when replaced."""
    if not stored_password(server, username):
        return False
    return store_password(server, username, password)
