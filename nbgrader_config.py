load_subconfig("jupyter_config.py")  # noqa: F821  (the course's settings live there)
