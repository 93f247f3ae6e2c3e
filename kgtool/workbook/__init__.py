"""Assessments in a spreadsheet: ``kgtool template``, ``kgtool export`` and ``kgtool import``.

Holds the sheets and their columns as data (``schema``), the empty workbook (``template``),
an assessment written out as rows (``export``), a workbook or a folder of CSV files read back
into rows that know their sheet, row and column (``read``), and those rows turned into Turtle
in the project's layout (``to_rdf``). Every problem of a workbook is collected with its
location (``problems``) and reported at once; nothing is written while any is found.

May import: ``sparql``, ``rdf`` and the foundation (layers 0-2).
"""
