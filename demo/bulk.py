"""Writing many rows fast: PostgreSQL's COPY, or one executemany INSERT elsewhere.

`generate_data` makes millions of rows; building a model instance for each and letting
`bulk_create` prepare every value costs more than the database's own work. A `RowWriter` takes
plain values per row, fills in the model's defaults, gives each row its primary key itself (so
that child rows can refer to it without reading anything back) and sends a whole batch at once.
Call `reset_sequences()` after writing, so that the next ordinary INSERT takes a free key.
"""

import datetime
import io
import json

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


def _text(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _converter(field, postgres):
    """How a Python value of this field becomes what the database takes (COPY text on PostgreSQL)."""
    if isinstance(field, models.JSONField):
        return (lambda v: _text(json.dumps(v))) if postgres else json.dumps
    if isinstance(field, models.BooleanField):
        return (lambda v: "t" if v else "f") if postgres else int
    if isinstance(field, models.DateTimeField):
        if postgres:
            return lambda v: v.isoformat()
        return lambda v: v.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(field, models.DateField):
        return lambda v: v.isoformat()
    if isinstance(field, models.IntegerField | models.ForeignKey | models.AutoField):
        return str if postgres else int
    return _text if postgres else str


class RowWriter:
    def __init__(self, model, batch=50_000):
        self.model, self.batch = model, batch
        self.postgres = connection.vendor == "postgresql"
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        now = timezone.now()
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default() and not callable(f.default):
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
        self.converters = [_converter(f, self.postgres) for f in self.fields]
        self.pk_name = model._meta.pk.attname
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({model._meta.pk.column}) FROM {model._meta.db_table}")
            self.next_pk = (cursor.fetchone()[0] or 0) + 1
        self.rows = []

    def add(self, **values):
        """Queue one row (values by attname, e.g. trajectory_id) and return its primary key."""
        pk = values.setdefault(self.pk_name, self.next_pk)
        self.next_pk = max(self.next_pk, pk + 1)
        defaults = self.defaults
        row = []
        for f, convert in zip(self.fields, self.converters, strict=True):
            value = values[f.attname] if f.attname in values else defaults[f.attname]
            row.append(None if value is None else convert(value))
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()
        return pk

    def flush(self):
        if not self.rows:
            return
        table, columns = self.model._meta.db_table, self.columns
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                buffer.writelines(
                    "\t".join("\\N" if v is None else v for v in row) + "\n" for row in self.rows
                )
                buffer.seek(0)
                cursor.cursor.copy_expert(
                    f'COPY "{table}" ({", ".join(connection.ops.quote_name(c) for c in columns)}) FROM STDIN',
                    buffer,
                )
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f'INSERT INTO "{table}" ({", ".join(connection.ops.quote_name(c) for c in columns)}) '
                    f"VALUES ({marks})",
                    self.rows,
                )
        self.rows = []


def reset_sequences(*model_classes):
    statements = connection.ops.sequence_reset_sql(no_style(), model_classes)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
