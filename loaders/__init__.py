"""MDC Analytics: loaders and command line for an OpenDental analytics warehouse."""
