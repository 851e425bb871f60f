"""The Qt user interface. Everything below ``viewer/`` outside this package is Qt-free."""
