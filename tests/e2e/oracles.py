"""The oracles that the sum_list tests share (test_sum_list.py, test_properties.py): CPython's own
math.fsum, with the exact sum through fractions.Fraction where fsum gives up."""
import fractions
import math


def fsum_oracle(values):
    """math.fsum(values), except where fsum gives up on an intermediate overflow although every
    summand is finite: there, the exact sum correctly rounded (OverflowError past the largest
    double). Returns None where the outcome is unspecified (an intermediate overflow beside an
    infinity or nan), else the float or the exception type."""
    values = list(values)
    try:
        return math.fsum(values)
    except OverflowError as error:
        if "intermediate overflow" not in str(error):
            return OverflowError
    except (ValueError, TypeError) as error:
        return type(error)
    try:
        doubles = [float(value) for value in values]  # fsum rounds each int to a double
    except OverflowError:
        return OverflowError
    if not all(math.isfinite(value) for value in doubles):
        return None
    try:
        return float(sum(map(fractions.Fraction, doubles)))
    except OverflowError:
        return OverflowError
