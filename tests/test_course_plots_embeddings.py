"""Does plot_embeddings place each word at its principal-component coordinates, coloured by
group, and refuse tables of the wrong shape?"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course import plot_embeddings

WORDS = ["good", "great", "bad", "awful", "the"]
GROUPS = ["positive", "positive", "negative", "negative", "other"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _texts(ax):
    return {text.get_text(): text.xy for text in ax.texts}


def test_embeddings_annotate_every_word_with_one_scatter_per_group():
    vectors = np.random.default_rng(0).normal(size=(5, 8))
    fig = plot_embeddings(vectors, WORDS, GROUPS)
    (ax,) = fig.axes
    assert set(_texts(ax)) == set(WORDS)
    assert [len(c.get_offsets()) for c in ax.collections] == [2, 2, 1]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["positive", "negative", "other"]


def test_embeddings_project_on_the_principal_axes_of_the_centred_vectors():
    vectors = np.zeros((4, 3))
    vectors[:, 1] = [-3.0, -1.0, 1.0, 3.0]  # the largest spread, PC 1
    vectors[:, 2] = [1.0, -1.0, -1.0, 1.0]  # PC 2
    vectors += 5.0
    fig = plot_embeddings(torch.tensor(vectors, requires_grad=True), list("abcd"))
    points = np.array([_texts(fig.axes[0])[w] for w in "abcd"])  # (4, 2)
    assert np.allclose(np.abs(points[:, 0]), [3, 1, 1, 3])
    assert np.allclose(np.abs(points[:, 1]), [1, 1, 1, 1])
    assert fig.axes[0].get_xlabel() == "PC 1 (83% of the variance)"  # 20 of 24


@pytest.mark.parametrize(
    "vectors, words, message",
    [
        (np.zeros(5), WORDS, r"vectors has shape \(5,\); expected \(V, E\) with E >= 2"),
        (np.zeros((5, 1)), WORDS, r"vectors has shape \(5, 1\); expected \(V, E\) with E >= 2"),
        (np.zeros((4, 3)), WORDS, r"vectors has shape \(4, 3\) but got 5 words and 5 groups"),
    ],
)
def test_embeddings_refuse_a_table_that_does_not_match_its_words(vectors, words, message):
    with pytest.raises(ValueError, match=message):
        plot_embeddings(vectors, words)


def test_embeddings_refuse_groups_of_another_length():
    with pytest.raises(ValueError, match="got 5 words and 2 groups"):
        plot_embeddings(np.zeros((5, 3)), WORDS, groups=["a", "b"])
