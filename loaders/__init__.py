"""The OpenDental loader behind ``mdc load``: the dlt source, its table catalogue, the load pipeline."""
