"""Ordinary pure-Python work of several kinds, for comparing interpreters (scripts/bench.py).

It prints a checksum so that both interpreters are seen to do the same work.
"""


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


def run():
    checksum = fibonacci(20)
    counts = {}
    for word in words(40_000):
        counts[word] = counts.get(word, 0) + 1
    checksum += len(counts) + max(counts.values())
    point = Point(0, 0)
    for i in range(40_000):
        point = point.moved(i % 3, -(i % 5))
    checksum += point.x + point.y
    text = " ".join(str(i) for i in range(10_000)).upper().split()
    checksum += sum(len(t) for t in text)
    squares = sorted({i * i % 10_007 for i in range(30_000)}, reverse=True)
    checksum += squares[0] + len(squares)
    return checksum


if __name__ == "__main__":
    print(run())
