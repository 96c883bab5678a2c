"""Spreadsheet grids and the cells in them, read and written safely."""
