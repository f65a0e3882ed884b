"""A synthetic but plausible Noord-Holland population for demos, tests and benchmarks.

``sampling`` draws people and vacancies with NumPy from plain arrays
(``profiles``) and the tables in ``data``, without touching the database;
``bulk`` writes columns of rows fast (COPY on PostgreSQL, large
``executemany`` batches on SQLite); ``services`` ties both to the ORM.
"""
