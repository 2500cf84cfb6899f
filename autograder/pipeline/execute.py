"""nbgrader's Execute step as the course grades with it (set in jupyter_config.py).

- Kernels listen on private IPC sockets (``autograder.pipeline.kernels``), so no two kernels race for a port.
- A kernel that dies before the notebook's first cell runs is an infrastructure failure: it is
  started again, up to ``kernel_start_attempts`` times, and then grading stops with
  ``KernelStartError``, which the class grader reports as "ungraded" rather than a 0.
- Every graded test cell is guarded (``autograder.guard``): before it, a silent request whose
  ``user_expressions`` no input or AST transformer touches puts the kernel back as it was at start;
  the cell gets a last line that counts it as run; after it, a second request reads that count.
  A cell that shows no error but did not run to its last line, or before which the guard could not
  run, gets the error "the test cell did not run as written" and scores 0.
"""

import ast
import secrets

import nbformat
from nbclient.util import ensure_async, run_sync
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, default

from autograder.guard import MARKER
from autograder.pipeline.cells import is_graded_test
from autograder.pipeline.kernels import IPCKernelManager

KERNEL_START_FAILED = "the kernel did not start"
NOT_AS_WRITTEN = "the test cell did not run as written"
GUARD = "__import__('autograder.guard', fromlist=['begin'])"  # the package itself, not autograder
RAN_LINE = f"\n{GUARD}.ran()  # grading guard"


class KernelStartError(RuntimeError):
    """The kernel died or did not answer before the notebook's first cell, on every try."""


class GradingExecute(Execute):
    """nbgrader's ``Execute`` over private IPC kernels, with retried starts and guarded test cells."""

    kernel_start_attempts = Integer(
        3, help="tries to start a kernel that dies before the first cell"
    ).tag(config=True)
    warm_kernels = Bool(
        False,
        help="fork kernels from a warm template (trusted code only: autograder.pipeline.warm)",
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", IPCKernelManager)
        super().__init__(*args, **kwargs)

    @default("shutdown_kernel")
    def _shutdown_kernel_default(self) -> str:
        return "immediate"  # every output has arrived when the notebook ends: nothing to wait for

    def create_kernel_manager(self):
        if self.warm_kernels:
            from autograder.pipeline.warm import WarmKernelManager

            self.kernel_manager_class = WarmKernelManager
        return super().create_kernel_manager()

    async def async_start_new_kernel_client(self):
        """Start the client, starting the kernel again if it died first; record the guard's snapshot."""
        for attempt in range(1, self.kernel_start_attempts + 1):
            try:
                client = await super().async_start_new_kernel_client()
                break
            except Exception as err:  # a dead kernel raises RuntimeError, a silent one TimeoutError
                if attempt == self.kernel_start_attempts:
                    raise KernelStartError(
                        f"{KERNEL_START_FAILED} in {attempt} tries: {type(err).__name__}: {err}"
                    ) from err
                self.log.warning("kernel died before the first cell (%s); starting it again", err)
                self.km = self.create_kernel_manager()
                await self.async_start_new_kernel()
        await self._evaluate(f"{GUARD}.snapshot()")
        return client

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        """Execute ``cell``; a graded test cell between the guard's two requests."""
        if not is_graded_test(cell) or not cell.source.strip():
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        nonce = secrets.token_hex(8)
        begun = await self._evaluate(f"{GUARD}.begin({nonce!r})")
        source, cell.source = cell.source, cell.source + RAN_LINE
        try:
            cell = await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        finally:
            cell.source = source
        finished = await self._evaluate(f"{GUARD}.finish({nonce!r})")
        guarded = isinstance(begun, tuple) and len(begun) == 2 and begun[0] == nonce
        if guarded and begun[1]:
            note = f"{MARKER}: {', '.join(map(str, begun[1][:10]))}\n"
            cell.outputs.insert(0, nbformat.v4.new_output("stream", name="stdout", text=note))
        errored = any(output.output_type == "error" for output in cell.outputs)
        if not errored and not (guarded and finished == (nonce, 1)):
            cell.outputs.append(
                nbformat.v4.new_output(
                    "error",
                    ename="GradingError",
                    evalue=NOT_AS_WRITTEN,
                    traceback=[f"GradingError: {NOT_AS_WRITTEN}"],
                )
            )
        return cell

    execute_cell = run_sync(async_execute_cell)

    async def _evaluate(self, expression: str):
        """The value of ``expression``, evaluated by the kernel outside any cell; ``None`` if it failed."""
        msg_id = await ensure_async(
            self.kc.execute(
                "",
                silent=True,
                store_history=False,
                allow_stdin=False,
                user_expressions={"guard": expression},
            )
        )
        reply = await self.async_wait_for_reply(msg_id)
        result = ((reply or {}).get("content", {}).get("user_expressions") or {}).get("guard", {})
        if result.get("status") != "ok":
            return None
        try:
            return ast.literal_eval(result.get("data", {}).get("text/plain", ""))
        except (ValueError, SyntaxError):
            return None
