"""Ordinary pure-Python work of several kinds, for comparing interpreters (scripts/bench.py).

    python3 workload.py [--repeat N] [KIND ...]     every kind, or those named, N times (once)

It prints a checksum so that both interpreters are seen to do the same work.
"""
import sys


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)


def fibonacci(n):
    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)


def words(count):
    for i in range(count):
        yield f"w{i % 97}-{i % 13}"


def calls():
    """Recursive calls of a small function."""
    return fibonacci(20)


def dicts():
    """A generator of formatted strings, counted in a dict."""
    counts = {}
    for word in words(40_000):
        counts[word] = counts.get(word, 0) + 1
    return len(counts) + max(counts.values())


def classes():
    """Small objects: attribute reads, method calls, construction."""
    point = Point(0, 0)
    for i in range(40_000):
        point = point.moved(i % 3, -(i % 5))
    return point.x + point.y


def strings():
    """str of ints, join, upper, split, and a generator expression."""
    text = " ".join(str(i) for i in range(10_000)).upper().split()
    return sum(len(t) for t in text)


def sets():
    """Integer arithmetic in a set comprehension, then a sort."""
    squares = sorted({i * i % 10_007 for i in range(30_000)}, reverse=True)
    return squares[0] + len(squares)


KINDS = {kind.__name__: kind for kind in (calls, dicts, classes, strings, sets)}


def run(kinds=tuple(KINDS)):
    return sum(KINDS[kind]() for kind in kinds)


def main(arguments):
    # No argparse: importing it would cost more than some of the kinds, and count as their work.
    repeat = 1
    if arguments[:1] == ["--repeat"]:
        if len(arguments) < 2 or not arguments[1].isdigit():
            sys.exit("workload.py: --repeat takes a count")
        repeat, arguments = int(arguments[1]), arguments[2:]
    unknown = [kind for kind in arguments if kind not in KINDS]
    if unknown:
        sys.exit(f"workload.py: unknown kinds {unknown}; the kinds are {list(KINDS)}")
    print(sum(run(arguments or tuple(KINDS)) for _ in range(repeat)))

if __name__ == "__main__":
    main(sys.argv[1:])
