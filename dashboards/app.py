"""MDC Analytics dashboards: the entry script of the Streamlit app (start it with `mdc dashboard`).

Streamlit runs this script on every interaction, then the chosen page: it checks access, draws the
shared filters and hands over to the page. Pages read the marts through ``queries`` only.
"""

from __future__ import annotations

import access
import filters
import streamlit as st
from navigation import PAGES

# No page_icon: a Material or emoji favicon is fetched from a font CDN, and nothing may leave the machine.
st.set_page_config(page_title="MDC Analytics", layout="wide", initial_sidebar_state="expanded")
access.require_login()
navigation = st.navigation(
    [st.Page(page.path, title=page.title, url_path=page.slug, default=page.default)
     for page in PAGES]
)
filters.sidebar()
navigation.run()
