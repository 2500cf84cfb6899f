"""The mutation score: small automatic changes to a reference solution, and which of them the
graded cells notice.

``operators`` finds every change of a solution region (a statement deleted, a constant moved to
its neighbour, …); ``sample`` draws the mutants a run grades; ``score`` grades them with the round
trips' fast path (``autograder.resume``). ``equivalents/<assignment>.txt`` lists, each with its
reason, the mutants no test could tell from the reference. ``make mutation-score`` runs it all
(``autograder.tools.mutation_score``).
"""
