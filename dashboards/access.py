"""Who may see the pages: anyone on this machine; elsewhere only users who log in.

The rule: when Streamlit listens on a loopback address (the default, 127.0.0.1) the pages are shown as
they are, because only people already on the machine can reach them. On any other address the page
stops at a login form (streamlit-authenticator, bcrypt hashes from the credentials file that
``mdc dashboard`` also checks; see docs/dashboards.md). A missing or unusable file stops the page too.
A user of that file may be limited to some practices of a group (``practices: [north]``): every query of
every page is then filtered to them (filters.py reads :func:`allowed_practices`).
"""

from __future__ import annotations

import streamlit as st

from mdc.dashboard import LoginConfigError, auth_file, configured_practice_ids, is_loopback, read_login_config

ALLOWED_KEY = "allowed_practices"


def listening_address() -> str:
    """The address Streamlit listens on ("" means every interface)."""
    return str(st.get_option("server.address") or "")


def allowed_practices() -> tuple[str, ...] | None:
    """The practices the signed-in user may see, or None for every practice (no login, or no limit)."""
    allowed = st.session_state.get(ALLOWED_KEY)
    return tuple(allowed) if allowed is not None else None


def require_login() -> None:
    """Return when the visitor may see the pages; otherwise draw the login form and stop the run."""
    # Decided afresh on every run, from the credentials file as it is now.
    st.session_state[ALLOWED_KEY] = None
    if is_loopback(listening_address()):
        return
    import streamlit_authenticator as stauth

    try:
        login = read_login_config(auth_file(), configured_practice_ids())
    except LoginConfigError as exc:
        st.error(f"This dashboard requires a login, but it is not configured: {exc}")
        st.stop()
    authenticator = stauth.Authenticate(
        {"usernames": login.usernames},
        cookie_name=login.cookie_name,
        cookie_key=login.cookie_key,
        cookie_expiry_days=login.cookie_expiry_days,
        auto_hash=False,
    )
    authenticator.login(location="main", key="mdc_login", max_login_attempts=10)
    status = st.session_state.get("authentication_status")
    if status:
        user = login.usernames.get(str(st.session_state.get("username")))
        if user is None:  # removed from the file since the re-login cookie was issued
            st.error("This user is no longer in the dashboard credentials file.")
            st.stop()
        if "practices" in user:
            st.session_state[ALLOWED_KEY] = tuple(user["practices"])
        with st.sidebar:
            st.caption(f"Signed in as {st.session_state.get('username')}")
            authenticator.logout(location="sidebar", key="mdc_logout")
        return
    if status is False:
        st.error("Username or password is incorrect.")
    st.stop()
