"""The Qt user interface: calls the core and renders its results.

Everything under ``viewer/`` outside this package (and the PDF printer in
``export/pdf``, and the self-test) is Qt-free.
"""
