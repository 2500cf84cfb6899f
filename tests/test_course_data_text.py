"""Are the synthetic reviews deterministic, grammatical, and labelled by word order?"""

import numpy as np
import pytest

from course import is_review, make_reviews, word_polarity
from course.data.text import ADVERBS, NEGATIVE, NOUNS, PLURAL_VERBS, POSITIVE, SINGULAR_VERBS

PLURALS = {plural for _, plural in NOUNS}


@pytest.fixture(scope="module")
def reviews():
    return make_reviews(2000, seed=0)


def _parse(sentence: str):
    """(subject noun, verb, whether "not" negates the adjective, adjective) from the words."""
    words = sentence.split(" ")
    end = len(words) - 1
    while words[end - 1] in ADVERBS:
        end -= 1
    negated = words[end - 1] == "not"
    verb = words[end - 2] if negated else words[end - 1]
    return words[1], verb, negated, words[-1]


def test_same_seed_gives_the_same_reviews_and_another_seed_others():
    first, second, other = make_reviews(50, seed=3), make_reviews(50, seed=3), make_reviews(50)
    assert first[0] == second[0] and first[0] != other[0]
    assert np.array_equal(first[1], second[1]) and np.array_equal(first[2], second[2])


def test_reviews_have_the_documented_types_and_shapes():
    sentences, y, negated = make_reviews(7)
    assert isinstance(sentences, list) and len(sentences) == 7
    assert all(isinstance(s, str) for s in sentences)
    assert (y.shape, y.dtype, negated.shape, negated.dtype) == ((7,), np.int64, (7,), bool)
    assert set(y.tolist()) <= {0, 1}


def test_every_label_follows_from_the_adjective_and_a_not_right_before_it(reviews):
    for sentence, label, negated in zip(*reviews, strict=True):
        _, _, negates, adjective = _parse(sentence)
        assert adjective in POSITIVE or adjective in NEGATIVE, sentence
        polarity = int(adjective in POSITIVE)
        assert (label, negated) == (polarity ^ negates, negates), sentence


def test_the_verb_agrees_with_the_first_noun(reviews):
    for sentence in reviews[0]:
        noun, verb, _, _ = _parse(sentence)
        assert verb in (PLURAL_VERBS if noun in PLURALS else SINGULAR_VERBS), sentence


def test_a_contrast_names_two_different_nouns(reviews):
    contrasts = [s.split(" ") for s in reviews[0] if " , not the " in s]
    stems = {word: singular for singular, plural in NOUNS for word in (singular, plural)}
    assert contrasts and all(stems[w[1]] != stems[w[5]] for w in contrasts)


def test_templates_and_labels_come_in_the_stated_shares(reviews):
    sentences, y, negated = reviews
    contrast = np.array([" , not the " in s for s in sentences])
    assert abs(negated.mean() - 0.4) < 0.04 and abs(contrast.mean() - 0.2) < 0.03
    assert abs((~negated & ~contrast).mean() - 0.4) < 0.04
    assert abs(y.mean() - 0.5) < 0.04


def test_every_adjective_occurs_and_lengths_vary(reviews):
    sentences = reviews[0]
    assert {s.split(" ")[-1] for s in sentences} == set(POSITIVE) | set(NEGATIVE)
    lengths = [len(s.split(" ")) for s in sentences]
    assert max(lengths) - min(lengths) >= 3


def test_words_are_lower_case_and_single_spaced(reviews):
    for sentence in reviews[0]:
        assert "  " not in sentence and sentence == sentence.strip().lower(), sentence
        assert all(word.isalpha() or word == "," for word in sentence.split(" ")), sentence


def test_adjectives_share_stems_and_affixes():
    assert "hopeful" in POSITIVE and "hopeless" in NEGATIVE
    assert "exciting" in POSITIVE and "unexciting" in NEGATIVE
    assert len(POSITIVE) == len(NEGATIVE) == 18


def test_word_polarity_names_the_grammar_adjectives_and_nothing_else():
    assert {word_polarity(w) for w in POSITIVE} == {"positive"}
    assert {word_polarity(w) for w in NEGATIVE} == {"negative"}
    assert [word_polarity(w) for w in ("not", "the", "films", "zesty")] == ["other"] * 4


def test_every_generated_review_is_in_the_grammar(reviews):
    sentences = reviews[0]
    assert all(is_review(s) for s in sentences)
    assert all(is_review(s.split(" ")) for s in sentences[:50])


@pytest.mark.parametrize(
    "sentence",
    [
        "the films was hopeful",  # verb does not agree with a plural noun
        "the film were hopeful",  # nor with a singular one
        "the film , not the songs , were hopeful",  # agrees with the second noun, not the first
        "the film was",  # adjective missing
        "the film was really",
        "the film was really very truly hopeful",  # three adverbs
        "the film was very very hopeful",  # an adverb twice
        "the film was not not hopeful",  # "not" twice
        "the film , not the songs , was not hopeful",  # a contrast never negates
        "the film , not the films , was hopeful",  # a noun contrasted with itself
        "the film , not the , was hopeful",
        "the film was splendid",  # a word not in the grammar
        "a film was hopeful",
        "the film was hopeful .",
        "the film was  hopeful",  # two spaces
        "the film was hopeful hopeful",
        "",
        [],
    ],
)
def test_sentences_outside_the_grammar_are_not_reviews(sentence):
    assert not is_review(sentence)


def test_is_review_accepts_each_template_by_hand():
    assert is_review("the film was hopeful")
    assert is_review(["the", "songs", "felt", "not", "really", "unexciting"])
    assert is_review("the story , not the films , seemed deeply quite graceful")


def test_max_adverbs_caps_the_adverbs_and_keeps_the_default_draws():
    few, _, _ = make_reviews(500, seed=3, max_adverbs=1)
    assert max(sum(w in ADVERBS for w in s.split()) for s in few) == 1
    assert all(is_review(s) for s in few)
    assert make_reviews(50, seed=3, max_adverbs=2)[0] == make_reviews(50, seed=3)[0]


def test_max_adverbs_out_of_range_is_refused():
    with pytest.raises(ValueError, match="max_adverbs must be 0, 1 or 2; got 3"):
        make_reviews(5, max_adverbs=3)
