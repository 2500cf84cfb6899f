"""Checks that the course notebooks' nbgrader test cells call.

Each check converts the student's value to plain numbers, compares it with an expected
value computed by the caller or by a reference inside the check, and on failure raises
``AssertionError("{name} {found}; expected {expected}. {hint}")``. torch is never imported
here: tensors are recognised once the notebook has imported torch itself.
"""

from autograder.checks.attention import (
    check_batch_independent,
    load_attention_from_torch,
    load_encoder_layer_from_torch,
)
from autograder.checks.budget import check_latency_ratio, latency_ratio
from autograder.checks.calls import check_runs
from autograder.checks.contracts import (
    check_fresh_fit,
    check_inputs_unchanged,
    check_parameter_invariant,
    check_parameter_matters,
)
from autograder.checks.convert import as_array, describe_kind, failure, is_tensor
from autograder.checks.devices import (
    check_batches_moved,
    check_device_agnostic,
    check_forward_mode,
    check_on_device,
    check_returned_on_cpu,
    probe_forward,
)
from autograder.checks.gradients import check_gradient, numeric_gradient, relative_error
from autograder.checks.models import check_layers, check_targets_moved, check_uses
from autograder.checks.numerics import autograd_derivative, evaluate_without_overflow
from autograder.checks.parameters import check_param_count, count_parameters
from autograder.checks.raises import check_raises
from autograder.checks.reference import check_against_reference
from autograder.checks.shapes import check_dtype, check_shape, check_type, shape_of
from autograder.checks.tolerances import (
    TOLERANCES,
    describe_tolerance,
    get_tolerance,
    standardized_tolerance,
)
from autograder.checks.values import check_between, check_close, check_equal

__all__ = [
    "TOLERANCES",
    "as_array",
    "autograd_derivative",
    "check_against_reference",
    "check_batch_independent",
    "check_batches_moved",
    "check_between",
    "check_close",
    "check_device_agnostic",
    "check_dtype",
    "check_equal",
    "check_forward_mode",
    "check_fresh_fit",
    "check_gradient",
    "check_inputs_unchanged",
    "check_latency_ratio",
    "check_layers",
    "check_on_device",
    "check_returned_on_cpu",
    "check_param_count",
    "check_parameter_invariant",
    "check_parameter_matters",
    "check_raises",
    "check_runs",
    "check_shape",
    "check_targets_moved",
    "check_type",
    "check_uses",
    "count_parameters",
    "describe_kind",
    "describe_tolerance",
    "evaluate_without_overflow",
    "failure",
    "get_tolerance",
    "is_tensor",
    "latency_ratio",
    "load_attention_from_torch",
    "load_encoder_layer_from_torch",
    "numeric_gradient",
    "probe_forward",
    "relative_error",
    "shape_of",
    "standardized_tolerance",
]
