"""Writing columns of rows fast, and removing rows with everything that hangs on them.

PostgreSQL gets binary COPY, encoded whole-column with NumPy; SQLite gets one
``executemany`` per table and batch. Both take the same input: a model and a
mapping of field attname → column (NumPy array, or a list of str/None).
Dates are ``datetime64[D]`` and moments ``datetime64[us]`` in UTC; NaT is NULL,
and so is a masked value of a ``numpy.ma`` integer column.

Ids are handed out here rather than by the database, so a batch can point
its rows at each other before any is written: ``reserve`` takes the next free
block and moves PostgreSQL's sequence past it.
"""

import datetime
import json
import os

import numpy as np
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from .columns import Categorical

PG_EPOCH_DAY = np.datetime64("2000-01-01", "D")
PG_EPOCH_US = np.datetime64("2000-01-01T00:00:00", "us")
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
COPY_TRAILER = b"\xff\xff"
FIXED = {"int8": ">i8", "int4": ">i4", "int2": ">i2", "bool": "u1", "date": ">i4", "timestamp": ">i8", "uuid": "V16"}


def value_kind(field):
    while field.is_relation:
        field = field.target_field
    internal = field.get_internal_type()
    if internal in ("BigAutoField", "BigIntegerField", "PositiveBigIntegerField"):
        return "int8"
    if internal in ("AutoField", "IntegerField", "PositiveIntegerField"):
        return "int4"
    if internal in ("SmallAutoField", "SmallIntegerField", "PositiveSmallIntegerField"):
        return "int2"
    return {"BooleanField": "bool", "DateField": "date", "DateTimeField": "timestamp", "JSONField": "json", "UUIDField": "uuid"}.get(
        internal, "text"
    )


def random_uuids(count):
    """``count`` version-4 UUIDs as 16-byte values (the form the writer takes), from the system's randomness.

    Not from the seeded generator: the same seed run twice on one database
    must not give the same identifiers.
    """
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return raw.view("V16").ravel()


def table_columns(model, names):
    """(table, [(column, kind)]) for the given attnames of ``model``."""
    fields = [model._meta.get_field(name) for name in names]
    return model._meta.db_table, [(field.column, value_kind(field)) for field in fields]


# --- PostgreSQL: binary COPY ------------------------------------------------


def _fixed_values(kind, values):
    """(big-endian values as PostgreSQL's binary form wants them, null mask) for a fixed-width column."""
    if not isinstance(values, np.ma.MaskedArray):
        values = np.asarray(values)
    if kind == "date":
        nulls = np.isnat(values)
        numbers = (np.where(nulls, PG_EPOCH_DAY, values).astype("datetime64[D]") - PG_EPOCH_DAY).astype(np.int64)
    elif kind == "timestamp":
        nulls = np.isnat(values)
        numbers = (np.where(nulls, PG_EPOCH_US, values).astype("datetime64[us]") - PG_EPOCH_US).astype(np.int64)
    elif isinstance(values, np.ma.MaskedArray):
        nulls = np.ma.getmaskarray(values)
        numbers = values.filled(0)
    else:
        nulls = np.zeros(len(values), dtype=bool)
        numbers = values
    return np.ascontiguousarray(numbers.astype(FIXED[kind])), nulls


def _fixed_payload(kind, values):
    """(bytes per row as an n×w uint8 array, null mask) for a fixed-width column."""
    encoded, nulls = _fixed_values(kind, values)
    return encoded.view(np.uint8).reshape(len(encoded), encoded.itemsize), nulls


def _words(kind, categorical):
    prefix = b"\x01" if kind == "json" else b""  # jsonb's binary form is a version byte and the text
    return [prefix + str(category).encode() for category in categorical.categories]


def _text_payload(kind, values):
    """(lengths with -1 for NULL, concatenated UTF-8 bytes) for a text or jsonb column."""
    prefix = b"\x01" if kind == "json" else b""
    if isinstance(values, Categorical):
        words = _words(kind, values)
        word_lengths = np.array([len(word) for word in words], dtype=np.int64)
        word_starts = np.concatenate(([0], np.cumsum(word_lengths)[:-1]))
        lengths = word_lengths[values.codes]
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        source = np.frombuffer(b"".join(words), dtype=np.uint8)
        return lengths, source[np.repeat(word_starts[values.codes] - offsets, lengths) + np.arange(int(lengths.sum()))]
    encoded = [None if value is None else prefix + value.encode() for value in values]
    lengths = np.fromiter((-1 if item is None else len(item) for item in encoded), dtype=np.int64, count=len(encoded))
    flat = np.frombuffer(b"".join(item for item in encoded if item), dtype=np.uint8)
    return lengths, flat


def _scatter(buffer, starts, rows):
    """Write row i of ``rows`` (n×w) at ``buffer[starts[i]:starts[i] + w]``."""
    if rows.shape[1]:
        buffer[starts[:, None] + np.arange(rows.shape[1])] = rows


def _encode_grouped(kinds, columns, limit=64):
    """The COPY stream built from a few structured arrays, or None when the rows have too many layouts.

    Rows whose NULLs and categories are the same have the same byte layout, so
    each such group is one NumPy structured array: memcpy speed. Only for
    columns that are fixed-width or ``Categorical``; rows come out grouped,
    which COPY does not mind.
    """
    count = len(columns[0])
    key, factor, prepared = np.zeros(count, dtype=np.int64), 1, []
    for kind, values in zip(kinds, columns):
        if kind in FIXED:
            encoded, nulls = _fixed_values(kind, values)
            prepared.append(("fixed", encoded, nulls))
            if nulls.any():
                key, factor = key * 2 + nulls, factor * 2
        elif isinstance(values, Categorical):
            words = _words(kind, values)
            prepared.append(("words", words, values.codes))
            if len(words) > 1:
                key, factor = key * len(words) + values.codes, factor * len(words)
        else:
            return None
        if factor > 1 << 40:
            return None
    groups, inverse = np.unique(key, return_inverse=True)
    if len(groups) > limit:
        return None
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(groups) + 1))
    parts = [COPY_HEADER]
    for group in range(len(groups)):
        rows = order[bounds[group] : bounds[group + 1]]
        first = rows[0]
        fields, fill = [("count", ">i2")], {"count": len(columns)}
        for index, (form, payload, detail) in enumerate(prepared):
            if form == "fixed":
                if detail[first]:
                    fields.append((f"l{index}", ">i4"))
                    fill[f"l{index}"] = -1
                else:
                    fields += [(f"l{index}", ">i4"), (f"d{index}", payload.dtype)]
                    fill[f"l{index}"] = payload.dtype.itemsize
                    fill[f"d{index}"] = payload[rows]
            else:
                word = payload[detail[first]]
                fields.append((f"l{index}", ">i4"))
                fill[f"l{index}"] = len(word)
                if word:
                    fields.append((f"d{index}", f"S{len(word)}"))
                    fill[f"d{index}"] = word
        block = np.empty(len(rows), dtype=np.dtype(fields))
        for name, value in fill.items():
            block[name] = value
        parts.append(block.tobytes())
    parts.append(COPY_TRAILER)
    return b"".join(parts)


def encode_copy_binary(kinds, columns):
    """One COPY … (FORMAT binary) stream for the columns, whole-column with NumPy."""
    count = len(columns[0]) if columns else 0
    grouped = _encode_grouped(kinds, columns) if count else None
    if grouped is not None:
        return np.frombuffer(grouped, dtype=np.uint8)
    payloads, sizes = [], np.full(count, 2, dtype=np.int64)
    for kind, values in zip(kinds, columns):
        if kind in FIXED:
            rows, nulls = _fixed_payload(kind, values)
            lengths = np.where(nulls, -1, rows.shape[1])
            payloads.append((lengths, rows, nulls))
        else:
            lengths, flat = _text_payload(kind, values)
            payloads.append((lengths, flat, None))
        sizes += 4 + np.maximum(lengths, 0)
    starts = len(COPY_HEADER) + np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    buffer = np.empty(len(COPY_HEADER) + int(sizes.sum()) + len(COPY_TRAILER), dtype=np.uint8)
    buffer[: len(COPY_HEADER)] = np.frombuffer(COPY_HEADER, dtype=np.uint8)
    buffer[-len(COPY_TRAILER) :] = np.frombuffer(COPY_TRAILER, dtype=np.uint8)
    field_count = np.full(count, len(kinds), dtype=">i2").view(np.uint8).reshape(count, 2)
    _scatter(buffer, starts, field_count)
    position = starts + 2
    for lengths, data, nulls in payloads:
        _scatter(buffer, position, lengths.astype(">i4").view(np.uint8).reshape(count, 4))
        position = position + 4
        if nulls is not None:  # fixed width
            present = ~nulls
            _scatter(buffer, position[present], data[present])
        elif len(data):
            widths = np.maximum(lengths, 0)
            offsets = np.concatenate(([0], np.cumsum(widths)[:-1]))
            buffer[np.repeat(position - offsets, widths) + np.arange(len(data))] = data
        position = position + np.maximum(lengths, 0)
    return buffer


def _copy_statement(connection, table, columns):
    quote = connection.ops.quote_name
    return f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN (FORMAT binary)"


def _postgres_send(connection, statement, payload):
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            view = memoryview(payload)
            step = 8 << 20
            for start in range(0, len(view), step):
                copy.write(view[start : start + step])


# --- SQLite: executemany ----------------------------------------------------


def _sqlite_values(kind, values):
    if kind == "date":
        values = np.asarray(values)
        text = np.datetime_as_string(values, unit="D").astype(object)
        text[np.isnat(values)] = None
        return text.tolist()
    if kind == "timestamp":
        values = np.asarray(values).astype("datetime64[us]")
        text = np.strings.replace(np.datetime_as_string(values, unit="us"), "T", " ").astype(object)
        text[np.isnat(values)] = None
        return text.tolist()
    if kind == "bool":
        return np.asarray(values).astype(np.int64).tolist()
    if kind == "uuid":  # Django keeps a UUID in SQLite as 32 hex digits
        return [bytes(value).hex() for value in np.asarray(values)]
    if isinstance(values, (np.ma.MaskedArray, Categorical)):
        return values.tolist()
    if isinstance(values, np.ndarray):
        return values.tolist()
    return list(values)


def _sqlite_statement(connection, table, columns):
    quote = connection.ops.quote_name
    return f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({', '.join('?' * len(columns))})"


def _sqlite_send(connection, statement, columns):
    connection.ensure_connection()
    connection.connection.executemany(statement, zip(*columns))


def _default_column(field, count, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        moment = np.datetime64(now.replace(tzinfo=None), "us")
        return np.full(count, moment if field.get_internal_type() == "DateTimeField" else moment.astype("datetime64[D]"))
    value = field.get_default()
    if field.get_internal_type() == "JSONField":
        return Categorical(np.zeros(count), [json.dumps(value)])
    if isinstance(value, bool):
        return np.full(count, value, dtype=bool)
    if isinstance(value, int):
        return np.full(count, value, dtype=np.int64)
    if isinstance(value, datetime.datetime):
        return np.full(count, np.datetime64(value.astimezone(datetime.UTC).replace(tzinfo=None), "us"))
    if isinstance(value, datetime.date):
        return np.full(count, np.datetime64(value, "D"))
    return Categorical(np.zeros(count), [value])


def with_defaults(model, values, now=None):
    """``values`` plus every other column that cannot be NULL, filled with the field's default.

    So a field added to a model later (with a default, as Django requires for
    existing rows) does not break the bulk writer; a required field without a
    default does, by name.
    """
    count = len(next(iter(values.values())))
    now = now or timezone.now()
    completed = dict(values)
    for field in model._meta.concrete_fields:
        if field.attname in values or field.primary_key:
            continue
        if field.null and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
            continue
        if not field.has_default() and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
            if field.blank and field.get_internal_type() in ("CharField", "TextField", "EmailField", "URLField", "SlugField"):
                completed[field.attname] = Categorical(np.zeros(count), [""])
                continue
            raise ValueError(f"{model._meta.label}.{field.name} is required and has no default")
        completed[field.attname] = _default_column(field, count, now)
    return completed


class Prepared:
    """Rows of one table made ready to send: the slow part, which needs no database connection."""

    def __init__(self, vendor, statement, payload, count):
        self.vendor, self.statement, self.payload, self.count = vendor, statement, payload, count

    def send(self, connection):
        if self.count:
            (_postgres_send if self.vendor == "postgresql" else _sqlite_send)(connection, self.statement, self.payload)
        return self.count


def prepare(connection, model, values, now=None):
    """Encode rows given as columns (``values`` maps attname → column; other columns get their defaults).

    Touches no connection, so another thread may do it while this one sends
    the previous batch.
    """
    names = list(values)
    count = len(values[names[0]]) if names else 0
    if not count:
        return Prepared(connection.vendor, "", None, 0)
    values = with_defaults(model, values, now)
    table, spec = table_columns(model, list(values))
    kinds = [kind for _column, kind in spec]
    columns = [column for column, _kind in spec]
    arrays = list(values.values())
    if connection.vendor == "postgresql":
        return Prepared(connection.vendor, _copy_statement(connection, table, columns), encode_copy_binary(kinds, arrays), count)
    payload = [_sqlite_values(kind, array) for kind, array in zip(kinds, arrays)]
    return Prepared(connection.vendor, _sqlite_statement(connection, table, columns), payload, count)


def insert(connection, model, values):
    """Write rows given as columns at once; returns how many."""
    return prepare(connection, model, values).send(connection)


class key_checks_skipped:
    """Within the current transaction, let PostgreSQL skip foreign-key checks for the rows written, if this role may.

    Django's foreign keys are checked at commit, one lookup per row: most of
    the time of a bulk load. The generator makes every key itself, from ids it
    has just reserved or read, so they hold by construction. Rows written
    meanwhile are never checked; later statements in the transaction are.
    Without the privilege (``session_replication_role`` needs a superuser)
    the checks stay.
    """

    def __init__(self, connection):
        self.connection, self.applied = connection, False

    def __enter__(self):
        if self.connection.vendor == "postgresql":
            try:
                with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                self.applied = True
            except DatabaseError:
                self.applied = False
        return self

    def __exit__(self, exc_type, *exc):
        if self.applied and exc_type is None:
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")


def estimated_rows(connection, model):
    """Roughly how many rows the table holds, cheaply."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The statistics collector follows inserts and deletes as they
            # commit; reltuples only moves with VACUUM or ANALYZE.
            cursor.execute("SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = %s::regclass", [quote(table)])
            row = cursor.fetchone()
            if row is not None and row[0] is not None:
                return int(row[0])
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        else:
            # Ids only grow, so the largest is an upper bound at the cost of one index lookup.
            cursor.execute(f"SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(table)}")
        return cursor.fetchone()[0] or 0


def _secondary_indexes(connection, table):
    """(drop statement, create statement) per index of the table that no foreign key needs."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid)
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
                WHERE x.indrelid = %s::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = x.indexrelid)
                ORDER BY i.relname
                """,
                [quote(table)],
            )
            return [
                (f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(constraint)}", f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(constraint)} {definition}")
                if constraint
                else (f"DROP INDEX {quote(index)}", index_definition)
                for index, index_definition, constraint, definition in cursor.fetchall()
            ]
        # SQLite: indexes declared inline (sql is NULL) belong to the table and stay.
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL ORDER BY name",
            [table],
        )
        return [(f"DROP INDEX {quote(name)}", sql) for name, sql in cursor.fetchall()]


class indexes_deferred:
    """Drop the secondary indexes of the tables for the duration, and build them again at the end.

    Building an index once over all rows is several times faster than
    updating it row by row. Use it inside the transaction that writes the
    rows: both databases roll dropped indexes back with the transaction, so
    an interrupted run leaves the tables as they were. On PostgreSQL the drop
    locks the tables (readers too) until that transaction ends.
    """

    def __init__(self, connection, models):
        self.connection, self.models, self.restore = connection, list(models), []

    def __enter__(self):
        if not self.models:
            return self
        if not self.connection.in_atomic_block:
            raise RuntimeError("indexes_deferred needs a transaction")
        with self.connection.cursor() as cursor:
            for model in self.models:
                for drop, create in _secondary_indexes(self.connection, model._meta.db_table):
                    cursor.execute(drop)
                    self.restore.append(create)
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None or not self.restore:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for create in self.restore:
                cursor.execute(create)


def _sequence(cursor, table, pk):
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
    return cursor.fetchone()[0]


def reserve(connection, model, count):
    """The first of ``count`` new ids for ``model``; call inside the transaction that writes them.

    On PostgreSQL the table is locked against other writers (readers go on)
    until that transaction ends, and the sequence moved past the block at once,
    so neither a concurrent insert nor a later ``save()`` can take these ids.
    SQLite allows one writer at a time and keeps AUTOINCREMENT's counter past
    the largest id inserted by itself.
    """
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE ROW EXCLUSIVE MODE")
            sequence = _sequence(cursor, table, pk)
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            last_value, is_called = cursor.fetchone()
            cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
            largest = max(cursor.fetchone()[0] or 0, last_value if is_called else last_value - 1)
            if count:
                cursor.execute("SELECT setval(%s, %s)", [sequence, largest + count])
        else:
            cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
            largest = cursor.fetchone()[0] or 0
    return largest + 1


def release(connection, model, reserved_last, used_last):
    """Give back the unused end of a reserved block: the sequence continues after ``used_last``,
    unless someone has drawn from it since (then the gap stays, harmlessly)."""
    if connection.vendor != "postgresql" or used_last >= reserved_last:
        return
    with connection.cursor() as cursor:
        sequence = _sequence(cursor, model._meta.db_table, model._meta.pk.column)
        cursor.execute(
            f"SELECT setval(%s, %s, %s) FROM {sequence} WHERE last_value = %s",
            [sequence, max(used_last, 1), used_last >= 1, reserved_last],
        )


class IdBlocks:
    """Ids for several models, reserved once per transaction with an upper bound and handed out in order.

    After the reservation nothing here needs the database, so the ids can be
    taken in another thread than the one that writes.
    """

    def __init__(self, connection, bounds):
        self.first = {model: reserve(connection, model, bound) for model, bound in bounds.items()}
        self.bounds = dict(bounds)
        self.next = dict(self.first)

    def take(self, model, count):
        first = self.next[model]
        if first + count > self.first[model] + self.bounds[model]:
            raise RuntimeError(f"{model._meta.label}: more rows than reserved")
        self.next[model] = first + count
        return first + np.arange(count, dtype=np.int64)

    def release(self, connection):
        for model, first in self.first.items():
            release(connection, model, first + self.bounds[model] - 1, self.next[model] - 1)


# --- Removing rows and what depends on them ---------------------------------


class ProtectedRows(Exception):
    """Rows to delete are still referenced through a PROTECT or RESTRICT key."""

    def __init__(self, model, count):
        super().__init__(f"{count} {model._meta.label}")
        self.model, self.count = model, count


def delete_where(connection, model, where, params, depth=0):
    """Delete the rows of ``model`` matching ``where`` (SQL on its table) the way the ORM would.

    Follows every key that points at ``model`` — CASCADE deletes, SET_NULL
    clears, PROTECT and RESTRICT refuse — in set-based SQL, without loading
    rows or sending signals: fit for millions of rows. Returns rows deleted per
    model label.
    """
    if depth > 8:
        raise RecursionError(f"delete_where: cascade deeper than 8 levels at {model._meta.label}")
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    selected = f"SELECT {pk} FROM {table} WHERE {where}"
    counts = {}
    with connection.cursor() as cursor:
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
                continue
            field, related = relation.field, relation.related_model
            column, on_delete = quote(field.column), relation.on_delete
            pointing = f"{column} IN ({selected})"
            if on_delete is models.CASCADE:
                for label, number in delete_where(connection, related, pointing, params, depth + 1).items():
                    counts[label] = counts.get(label, 0) + number
            elif on_delete is models.SET_NULL:
                cursor.execute(f"UPDATE {quote(related._meta.db_table)} SET {column} = NULL WHERE {pointing}", params)
            elif on_delete in (models.PROTECT, models.RESTRICT):
                cursor.execute(f"SELECT COUNT(*) FROM {quote(related._meta.db_table)} WHERE {pointing}", params)
                blocking = cursor.fetchone()[0]
                if blocking:
                    raise ProtectedRows(related, blocking)
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        counts[model._meta.label] = counts.get(model._meta.label, 0) + cursor.rowcount
    return counts
