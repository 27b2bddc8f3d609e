"""Pages of a list without a COUNT: the portals' lists show "previous" and "next", never a number of
pages, so a page reads one row more than it shows to know whether another follows."""


def page_of(queryset, number, size):
    """Page `number` (1 for anything that is not a whole number of at least 1, e.g. `?page=-1` or
    `?page=abc`) of `queryset`: {"items", "number", "has_next", "has_previous"}, in one query."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    rows = list(queryset[(number - 1) * size:number * size + 1])
    return {"items": rows[:size], "number": number, "has_next": len(rows) > size, "has_previous": number > 1}
