"""Read-only queries for the views: lists (search, filter, sort as SQL) and the start page."""
