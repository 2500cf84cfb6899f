"""Offline, deterministic data sets, one module per kind; each is also ``course.X``.

- ``digits``: scikit-learn's bundled 8x8 digits, split and in loaders (01 onwards)
- ``points``: small synthetic 2-D point sets, blobs and XOR (01_perceptron)
- ``text``: synthetic reviews whose sentiment depends on word order, and their grammar (06, 07)
- ``series``: the adding problem and a seasonal series to forecast (06_rnn_lstm)
- ``sequences``: token sequences to reverse or to tell sorted (07_transformer)
- ``frames``: sequences of digit images labelled by their order (09_architecture_design)
- ``tabular``: columns of mixed scales, three classes from a nonlinear rule (09_architecture_design)

Nothing here downloads: the digits ship inside scikit-learn, the rest is generated.
"""

from course.data.digits import DIGITS_SPLIT_SEED, DIGITS_TEST_SIZE, digits_arrays, digits_loaders
from course.data.frames import make_digit_sequences
from course.data.points import make_blobs, make_xor
from course.data.sequences import make_reversal, make_sorted_sequences
from course.data.series import make_adding_problem, make_seasonal_series
from course.data.tabular import make_tabular
from course.data.text import is_review, make_reviews, word_polarity

__all__ = [
    "DIGITS_SPLIT_SEED",
    "DIGITS_TEST_SIZE",
    "digits_arrays",
    "digits_loaders",
    "is_review",
    "make_adding_problem",
    "make_blobs",
    "make_digit_sequences",
    "make_reversal",
    "make_reviews",
    "make_seasonal_series",
    "make_sorted_sequences",
    "make_tabular",
    "make_xor",
    "word_polarity",
]
