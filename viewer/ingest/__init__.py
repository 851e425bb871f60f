"""Stage 1, ingest: files on disk → ``Article`` (model.py).

Bytes are decoded (``decoding``), saved web pages reduced to their article
(``htmlextract``), the text cut into paragraphs (``segment``), page furniture set
aside (``furniture``) and title, outlet, authors, dateline and date read from the
text (``metadata``); ``loading`` runs the chain over files and folders and turns
bad input into ``LoadError``s. A new input format is a new extractor called from
``loading``. Nothing here needs the language model.
"""
