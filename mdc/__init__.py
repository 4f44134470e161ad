"""MDC Analytics: the ``mdc`` command line and what every command shares.

Layers, lowest first: ``config`` and ``connections`` (imported by ``loaders`` and ``synth`` too), then the
commands (``cli``, ``doctor``, ``indexes``, ``dbt_runner``, ``dashboard``), which may import ``loaders`` and
``synth``, never the reverse.
"""
