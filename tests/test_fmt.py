"""Numbers for people: powers of ten in superscript, never 'e-05' or SI prefixes."""

import math

import pytest

from core.fmt import product_text, sci, sci_log10


@pytest.mark.parametrize("x,text", [
    (0.000022869, "2.29 × 10⁻⁵"), (3.1e-13, "3.1 × 10⁻¹³"), (0.58, "0.58"), (1.0, "1"), (0.0, "0"),
    (12345.0, "1.23 × 10⁴"), (-2.5e-7, "−2.5 × 10⁻⁷"), (math.inf, "∞"), (9.996e-6, "1 × 10⁻⁵"),
])
def test_sci(x, text):
    assert sci(x) == text


def test_sci_handles_subnormal_numbers():
    assert sci(5e-320) == "5 × 10⁻³²⁰"
    assert sci(2.2869e-310) == "2.29 × 10⁻³¹⁰"
    assert sci(5e-324) == "4.94 × 10⁻³²⁴"  # the smallest float above 0


def test_sci_log10_goes_beyond_float_range():
    assert sci_log10(-400.0) == "1 × 10⁻⁴⁰⁰"
    assert sci_log10(math.log10(2.2869e-5)) == "2.29 × 10⁻⁵"
    assert sci_log10(-math.inf) == "0"


def test_product_text_reads_like_the_article():
    assert product_text([0.21, 0.11, 0.06, 0.11, 0.15], sci(0.000022869)) == \
        "0.21 × 0.11 × 0.06 × 0.11 × 0.15 = 2.29 × 10⁻⁵"
    long = product_text([0.5] * 30, "x")
    assert "more" in long and long.count("×") < 15
