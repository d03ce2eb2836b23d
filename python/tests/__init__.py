"""Tests of the mtw package (python3 -m unittest discover -s python/tests -t python)."""
