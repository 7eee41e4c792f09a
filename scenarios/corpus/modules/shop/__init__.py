"""A package of helper modules for stock_*.py."""
