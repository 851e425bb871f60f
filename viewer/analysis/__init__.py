"""Stage 2, analysis: ``Article`` → ``Analysis`` (model.py).

``nlp`` loads the one spaCy pipeline, lazily; ``pipeline`` runs it over articles
(in worker processes for many) and caches each result by content hash and pipeline
version (``cache``). From an analysis: canonical entities and their aliases
(``entities``), quotes and speakers (``quotes``), the dates an article reports
(``dates``), topics (``topics``) and TF-IDF vectors (``vectors``).
"""
