"""Maintainers' commands: ``release`` (``make release``), ``benchmark`` (``make benchmark``) and
``grading_benchmark`` (``make grading-benchmark``)."""
