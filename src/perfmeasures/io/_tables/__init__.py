"""Plans as tables: the tidy long format and councils' wide tables."""
