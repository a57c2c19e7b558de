"""Lists read in two steps: the ids of a page in order, then the page's rows by id."""


def in_order(rows, pks):
    """The rows of `rows` (a queryset) with these primary keys, in the order of `pks` (one query,
    none for no keys); a key whose row is gone meanwhile is left out."""
    found = rows.in_bulk(pks) if pks else {}
    return [found[pk] for pk in pks if pk in found]


class IdsThenRows:
    """The rows of `ids` (a filtered, ordered queryset) read in two queries: first the ids of the
    slice asked for, from `ids` alone; then those rows by primary key from `rows` (the same model
    with the joins, subqueries and annotations the page shows), in the first query's order.

    PostgreSQL plans a query once per execution. A filter that is itself a UNION of subqueries (who
    may see a meeting) joined to half a dozen tables for the page took 7–9 ms to plan and 1 ms to
    run; split, the two plans take about 2 ms together. Paginator takes this as its object list
    (count() and slicing).
    """

    def __init__(self, ids, rows):
        self.ids = ids
        self.rows = rows

    def count(self):
        return self.ids.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        return in_order(self.rows, list(self.ids.values_list("pk", flat=True)[index]))
