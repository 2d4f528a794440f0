"""Make .docx, .html and .pdf versions of a text notice, for the reader tests (nothing binary is committed).

A notice's text is split into blocks: a run of lines holding a TAB is a table (first line the
header), every other non-empty line a paragraph. Each maker lays the blocks out as the format
does, with the furniture a real file has, so the readers must drop it:

- .docx: paragraphs; a table as a real Word table whose title is a first row merged across all
  columns, and whose equal cells in the last column of consecutive rows are merged vertically;
  lines "1. …" as Word's automatic numbering (the style "List Number"), not typed numbers.
- .html: ``tests/data/gov-page.html``, a government article page (navigation, breadcrumb, a
  metadata table with 索引号/发布机构/文号, share and print links, related links, footer, scripts);
  the first line is the page's ``<h1>``, the rest the article; the same merged cells as colspan/rowspan.
- .pdf: reportlab with the built-in CID font STSong-Light; paragraphs wrap at the margin, the table
  is a real ruled Table (header repeated on each page, the same cells merged down as in the .docx),
  a running head and "- N -" page numbers on every page, and the digits of one date spaced out
  ("2 0 2 3").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
SHAPES = sorted((DATA / "shapes").glob("*.txt"))
RUNNING_HEAD = "质量月活动文件汇编"
_NUMBERED = re.compile(r"(\d+)\. (.*)")


@dataclass
class Table:
    title: str | None  # the line before the table, made its merged first row
    rows: list[list[str]]


def blocks(text: str) -> list[str | Table]:
    """Paragraph lines and tables of a notice's text, in order."""
    out: list[str | Table] = []
    for line in text.splitlines():
        if "\t" in line:
            if not out or not isinstance(out[-1], Table):
                title = out.pop() if out and isinstance(out[-1], str) and out[-1] else None
                out.append(Table(title, []))
            out[-1].rows.append(line.split("\t"))
        elif line.strip():
            out.append(line)
    return out


def _runs_of_equal(rows: list[list[str]], col: int) -> list[tuple[int, int]]:
    """(first, last) row indexes (not the header) of runs of equal cells in a column."""
    runs, start = [], 1
    for i in range(2, len(rows) + 1):
        if i == len(rows) or rows[i][col] != rows[start][col]:
            if i - start > 1:
                runs.append((start, i - 1))
            start = i
    return runs


def make_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if isinstance(block, Table):
            _docx_table(document, block)
        elif m := _NUMBERED.fullmatch(block):
            document.add_paragraph(m.group(2), style="List Number")
        else:
            document.add_paragraph(block)
    document.save(path)
    return path


def _docx_table(document, block: Table) -> None:
    ncols = len(block.rows[0])
    offset = 1 if block.title else 0
    table = document.add_table(rows=len(block.rows) + offset, cols=ncols)
    table.style = "Table Grid"
    for r, row in enumerate(block.rows):
        for c, value in enumerate(row):
            table.cell(r + offset, c).text = value
    if block.title:
        merged = table.cell(0, 0).merge(table.cell(0, ncols - 1))
        merged.text = block.title
    for first, last in _runs_of_equal(block.rows, ncols - 1)[:1]:
        merged = table.cell(first + offset, ncols - 1).merge(table.cell(last + offset, ncols - 1))
        merged.text = block.rows[first][ncols - 1]


def make_html(text: str, path: Path) -> Path:
    parts = blocks(text)
    title, body = parts[0], parts[1:]
    out = []
    for block in body:
        if isinstance(block, Table):
            out.append(_html_table(block))
        else:
            out.append(f'<p style="text-indent: 2em;">&nbsp;&nbsp;<span>{html.escape(block)}</span></p>')
    page = (DATA / "gov-page.html").read_text(encoding="utf-8")
    page = page.replace("{{title}}", html.escape(title)).replace("{{body}}", "\n".join(out))
    path.write_text(page, encoding="utf-8")
    return path


def _html_table(block: Table) -> str:
    ncols = len(block.rows[0])
    runs = _runs_of_equal(block.rows, ncols - 1)[:1]
    rows = []
    if block.title:
        rows.append(f'<tr><td colspan="{ncols}"><strong>{html.escape(block.title)}</strong></td></tr>')
    for r, row in enumerate(block.rows):
        cells = []
        for c, value in enumerate(row):
            tag = "th" if r == 0 else "td"
            span = next((last - first + 1 for first, last in runs if r == first and c == ncols - 1), 0)
            if c == ncols - 1 and any(first < r <= last for first, last in runs):
                continue
            attr = f' rowspan="{span}"' if span else ""
            cells.append(f"<{tag}{attr}><p>{html.escape(value)}</p></{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" class="MsoNormalTable"><tbody>' + "\n".join(rows) + "</tbody></table>"


def make_pdf(text: str, path: Path, *, spaced_digits: str | None = None) -> Path:
    """A PDF of the notice; ``spaced_digits`` (a string in the text) is written with its digits spaced.

    The running head is drawn only when the notice takes two pages or more: on a single page a
    line at the top cannot be told from a title (the reader drops only lines repeated on most pages).
    """
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    pages = []

    def furniture(canvas, doc) -> None:
        pages.append(doc.page)
        canvas.setFont("STSong-Light", 9)
        if head:
            canvas.drawString(72, A4[1] - 40, RUNNING_HEAD)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    head = False
    SimpleDocTemplate(BytesIO(), pagesize=A4).build(_pdf_story(text, spaced_digits), onFirstPage=furniture,
                                                    onLaterPages=furniture)
    head = len(pages) >= 2
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(
        _pdf_story(text, spaced_digits), onFirstPage=furniture, onLaterPages=furniture)
    return path


def _pdf_story(text: str, spaced_digits: str | None) -> list:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as RLTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=17, wordWrap="CJK", spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=11, spaceAfter=0)
    story = []
    for block in blocks(text):
        if isinstance(block, Table):
            if block.title:
                story.append(Paragraph(html.escape(block.title), body))
            rows = [[Paragraph(html.escape(v), cell) for v in row] for row in block.rows]
            widths = [24, 70, 160, 70, 70, 45][: len(block.rows[0])]
            table = RLTable(rows, colWidths=widths, repeatRows=1)
            spans = [("SPAN", (len(block.rows[0]) - 1, first), (len(block.rows[0]) - 1, last))
                     for first, last in _runs_of_equal(block.rows, len(block.rows[0]) - 1)[:1]]
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]))
            story.append(table)
        else:
            if spaced_digits and spaced_digits in block:
                block = block.replace(spaced_digits, re.sub(r"(\d)(?=\d)", r"\1 ", spaced_digits))
            story.append(Paragraph(html.escape(block), body))
    return story


def lines(text: str) -> list[str]:
    """The non-empty lines of a text, without spaces around them (the normalised text of a CRLF file
    starts its lines with a space: "\\r\\n" becomes "\\n " to keep offsets)."""
    return [line.strip(" ") for line in text.split("\n") if line.strip()]
