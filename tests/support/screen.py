"""The model of an xterm's screen that the interactive-session tests read: Screen, and its size.

support/terminal.py feeds it what the program in the pseudo-terminal writes.
"""

import codecs
import re

# Wide enough that readline never wraps a line.
ROWS, COLUMNS = 50, 250


class Screen:
    """What a terminal shows: the characters written, each with the colour it was written in.

    It models the part of an xterm that readline and 3.13's _pyrepl use: carriage return, line
    feed (which keeps the column, as a terminal's does), backspace and tab; the CSI sequences that
    move the cursor (up, down, along a row, to a row and column), erase in a row or the screen,
    insert and delete characters; reverse index; SGR colours; and the modes that change what keys
    send (application cursor keys) or how pastes arrive (bracketed paste). The rows scrolled off
    the top of the screen are kept, so that a test reads the whole session. Titles and other
    modes change nothing that is read here.
    """

    _ESCAPE = re.compile(r"\x1b(?:\[([0-9;?>]*)[ -/]*([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)"
                         r"|[()*+#].|([^\[\]()*+#]))")

    def __init__(self, height=ROWS, width=COLUMNS):
        self.height, self.width = height, width
        self.lines = [[]]  # every row shown; each a list of (character, colour) cells
        self.top = 0  # the index in self.lines of the screen's first row
        self.row = 0
        self.column = 0
        self.colour = ""  # the SGR parameters in effect, "" for the default colours
        self.modes = set()  # the DEC private modes set (ESC [ ? n h), e.g. "1" or "2004"
        self._saved = (0, 0)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def feed(self, data):
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\x1b":
                match = self._ESCAPE.match(text, i)
                if match is None:
                    self._pending = text[i:]  # the rest of it is still to come
                    return
                if match.group(2):
                    self._control(match.group(1), match.group(2))
                elif match.group(3):
                    self._escape(match.group(3))
                i = match.end()
                continue
            if char == "\r":
                self.column = 0
            elif char == "\n":
                self._line_feed()
            elif char == "\b":
                self.column = max(0, self.column - 1)
            elif char == "\t":
                self.column = min(self.width - 1, (self.column // 8 + 1) * 8)
            elif char >= " " and char != "\x7f":
                self._put(char)
            i += 1

    def _line_feed(self):
        self.row += 1
        if self.row >= self.top + self.height:
            self.top += 1  # the screen scrolls up by a row
        self._reach(self.row)

    def _reach(self, row):
        while len(self.lines) <= row:
            self.lines.append([])

    def _put(self, char):
        line = self.lines[self.row]
        if len(line) < self.column:
            line.extend([(" ", "")] * (self.column - len(line)))
        cell = (char, self.colour)
        if self.column < len(line):
            line[self.column] = cell
        else:
            line.append(cell)
        self.column += 1

    def _escape(self, final):
        if final == "M":  # reverse index: up a row, or scroll down at the top
            if self.row > self.top:
                self.row -= 1
            else:
                self.lines.insert(self.top, [])
                del self.lines[self.top + self.height:]
        elif final == "7":
            self._saved = (self.row - self.top, self.column)
        elif final == "8":
            self.row, self.column = self.top + self._saved[0], self._saved[1]

    def _control(self, parameters, final):
        if parameters.startswith("?"):
            if final in "hl":
                for mode in parameters[1:].split(";"):
                    (self.modes.add if final == "h" else self.modes.discard)(mode)
            return
        numbers = [int(n) if n.isdigit() else 0 for n in parameters.split(";")]
        count = max(1, numbers[0])
        line = self.lines[self.row]
        bottom = self.top + self.height - 1
        if final == "A":
            self.row = max(self.top, self.row - count)
        elif final == "B":
            self.row = min(bottom, self.row + count)
            self._reach(self.row)
        elif final == "C":
            self.column = min(self.width - 1, self.column + count)
        elif final == "D":
            self.column = max(0, self.column - count)
        elif final == "G":
            self.column = min(self.width, count) - 1
        elif final in "Hf":
            row = max(1, numbers[0])
            column = max(1, numbers[1]) if len(numbers) > 1 else 1
            self.row, self.column = min(bottom, self.top + row - 1), column - 1
            self._reach(self.row)
        elif final == "J":
            self._erase_screen(numbers[0])
        elif final == "K":
            self._erase_line(line, numbers[0])
        elif final == "P":
            del line[self.column:self.column + count]
        elif final == "@":
            if self.column < len(line):
                line[self.column:self.column] = [(" ", "")] * count
        elif final == "X":
            for column in range(self.column, min(len(line), self.column + count)):
                line[column] = (" ", "")
        elif final == "m":
            self._select_colour(parameters)

    def _erase_line(self, line, which):
        if which == 0:
            del line[self.column:]
        elif which == 1:
            line[:self.column + 1] = [(" ", "")] * min(len(line), self.column + 1)
        else:
            line.clear()

    def _erase_screen(self, which):
        self._erase_line(self.lines[self.row], which)
        rows = {0: range(self.row + 1, len(self.lines)), 1: range(self.top, self.row),
                }.get(which, range(self.top, len(self.lines)))
        for row in rows:
            self.lines[row] = []

    def _select_colour(self, parameters):
        # Only whether a cell is coloured, and how, is read: the parameters since the last reset.
        for parameter in parameters.split(";"):
            if parameter in ("", "0"):
                self.colour = ""
            else:
                self.colour = f"{self.colour};{parameter}".lstrip(";")

    def _last_row(self):
        last = self.row
        for row in range(len(self.lines) - 1, self.row, -1):
            if self.lines[row]:
                return row
        return last

    def text(self, from_row=0):
        """The characters shown, from `from_row` to the cursor's row or the last row written."""
        return "\n".join("".join(char for char, _ in line)
                         for line in self.lines[from_row:self._last_row() + 1])

    def colours(self, pattern, from_row=0):
        """The colours of the characters of every match of `pattern` within a row."""
        found = set()
        for line in self.lines[from_row:self._last_row() + 1]:
            row = "".join(char for char, _ in line)
            for match in re.finditer(pattern, row):
                found.update(colour for _, colour in line[match.start():match.end()])
        return found
