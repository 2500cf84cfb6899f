"""nbgrader's Execute step as the course grades with it (``GradingExecute``: guard, IPC kernels),
over a kernel forked from a snapshot of the reference, running only the cells a plan names.

Two modes. Recording (``reference`` is ``None``): every cell runs in a kernel forked before the
first cell, and ``record`` keeps each cell's outputs, the generators' digests before and after it,
their state after it, and the fingerprints of the names the plans will check. Resuming: the
kernel is forked before ``plan.start``; cells before it and skipped cells keep the reference's
outputs, a skipped cell's draws from the generators are replayed by setting them to the
reference's state after it, and a check that fails raises ``PlanAbandoned``. After a dead cell
(``Plan.dead``) every generator's state is unknown until a cell seeds it; a cell that draws from
one before that raises ``PlanAbandoned`` too.
"""

import copy
from dataclasses import dataclass, field

from nbclient.util import run_sync

from autograder.pipeline.execute import GradingExecute
from autograder.pipeline.kernels import IPCKernelManager
from autograder.pipeline.warm import WarmProvisioner
from autograder.resume.names import cell_names
from autograder.resume.probe import GENERATORS

PROBE = "__import__('autograder.resume.probe', fromlist=['probe'])"


class PlanAbandoned(RuntimeError):
    """Skipping would not give what running gives: run every cell from the first changed one."""


class SnapshotMismatch(RuntimeError):
    """A snapshot's kernel does not hold what the reference's kernel held at that cell."""


@dataclass
class Recording:
    """What the reference's run left after each code cell (indices among the code cells)."""

    outputs: dict[int, list] = field(default_factory=dict)
    before: dict[int, dict] = field(default_factory=dict)  # generator -> digest
    after: dict[int, dict] = field(default_factory=dict)
    states: dict[int, str] = field(default_factory=dict)  # after cells that drew
    fingerprints: dict[int, dict] = field(default_factory=dict)  # name -> digest, before
    immutable: dict[int, frozenset] = field(default_factory=dict)  # names bound to such values

    def drawn(self, cell: int) -> set[str]:
        """The generators the reference's cell drew from (or seeded)."""
        return {g for g in GENERATORS if self.before[cell][g] != self.after[cell][g]}


class SnapshotProvisioner(WarmProvisioner):
    """Launches the kernel as a fork of the snapshot its manager names."""

    def socket_path(self) -> str:
        return self.parent.snapshot


class SnapshotKernelManager(IPCKernelManager):
    snapshot = ""  # the socket of the snapshot the kernel is forked from

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.provisioner = SnapshotProvisioner(
                kernel_id=self.kernel_id or "", kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)


class ResumeExecute(GradingExecute):
    """``GradingExecute`` over a snapshot's kernel, following a plan (see the module)."""

    def setup(self, snapshot: str, code_index: dict, plan=None, reference=None, checks=None):
        """Args:
        snapshot: the snapshot's socket.
        code_index: ``{notebook cell index: code cell index}``.
        plan: the ``autograder.resume.plan.Plan`` (resuming).
        reference: the reference's ``Recording`` (resuming); ``None`` to record.
        checks: when recording, ``{code cell: names}`` to fingerprint before each cell.
        """
        self.snapshot, self.code_index = snapshot, code_index
        self.plan, self.reference = plan, reference
        self.checks = checks or {}
        self.record = Recording()
        self.tainted: set[str] = set()  # generators whose state differs from the reference's
        self.unknown: set[str] = set()  # generators a dead cell may have drawn from
        self.kernel_start_attempts = 1  # a snapshot is not there to fork twice
        self.kernel_name = "python3"
        return self

    def create_kernel_manager(self):
        self.kernel_manager_class = SnapshotKernelManager
        km = super().create_kernel_manager()
        km.snapshot = self.snapshot
        return km

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        if self.reference is not None:
            digests = await self._probe("rng_digests()")
            if digests != self.reference.before[self.plan.start]:
                raise SnapshotMismatch(
                    f"the snapshot before code cell {self.plan.start} holds the generators "
                    f"{digests}; the reference's kernel held {self.reference.before[self.plan.start]}"
                )
        return client

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        i = self.code_index[cell_index]
        if self.reference is None:
            return await self._recorded(cell, cell_index, i, execution_count, store_history)
        if i < self.plan.start:
            cell.outputs = copy.deepcopy(self.reference.outputs[i])
            return cell
        self.unknown -= cell_names(cell.source).seeds
        if i in self.plan.dead:
            self.unknown |= set(GENERATORS)
            cell.outputs = copy.deepcopy(self.reference.outputs[i])
            return cell
        if i in self.plan.checks:
            await self._check_values(i)
        promoted = i not in self.plan.changed and self._check_generators(i, cell.source)
        if i in self.plan.run or promoted:
            before = await self._probe("rng_digests()") if self.unknown else {}
            cell = await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
            after = await self._probe("rng_digests()")
            self._check_unknown(i, {g for g in self.unknown if after[g] != before[g]})
            self.tainted = {g for g in GENERATORS if after[g] != self.reference.after[i][g]}
            self.tainted -= self.unknown
            return cell
        drawn = self.reference.drawn(i)
        self._check_unknown(i, drawn & self.unknown)
        if drawn:
            await self._probe(f"set_rng({self.reference.states[i]!r}, {sorted(drawn)!r})")
            self.tainted -= drawn
        cell.outputs = copy.deepcopy(self.reference.outputs[i])
        return cell

    execute_cell = run_sync(async_execute_cell)

    async def _recorded(self, cell, cell_index, i, execution_count, store_history):
        record = self.record
        if self.checks.get(i):
            record.fingerprints[i] = await self._probe(f"fingerprints({sorted(self.checks[i])!r})")
        record.before[i] = record.after.get(i - 1) or await self._probe("rng_digests()")
        cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        record.outputs[i] = copy.deepcopy(cell.outputs)
        record.after[i] = await self._probe("rng_digests()")
        binds = sorted(cell_names(cell.source).binds)
        record.immutable[i] = frozenset(await self._probe(f"immutable({binds!r})") or ())
        if record.drawn(i):
            record.states[i] = await self._probe("rng_state()")
        return cell

    async def _check_values(self, i: int) -> None:
        names = sorted(self.plan.checks[i])
        if not names:
            return
        want = self.reference.fingerprints.get(i, {})
        got = await self._probe(f"fingerprints({names!r})") or {}
        differ = [n for n in names if n not in want or got.get(n) != want[n]]
        if differ:
            raise PlanAbandoned(
                f"before code cell {i}, {', '.join(differ)} differ from the reference's"
            )

    def _check_generators(self, i: int, source: str) -> bool:
        """Whether cell ``i`` must run (be promoted) because it would draw from a generator a
        changed cell has moved on; raise ``PlanAbandoned`` where it cannot."""
        moved = self.tainted & self.reference.drawn(i) - cell_names(source).seeds
        if moved and i not in self.plan.promotable:
            raise PlanAbandoned(
                f"code cell {i} draws from the {', '.join(sorted(moved))} generator, which a "
                "changed cell has moved on"
            )
        return bool(moved)

    def _check_unknown(self, i: int, drawn: set[str]) -> None:
        if drawn:
            raise PlanAbandoned(
                f"code cell {i} draws from the {', '.join(sorted(drawn))} generator, whose state "
                "a cell that did not run may have changed"
            )

    async def _probe(self, call: str):
        return await self._evaluate(f"{PROBE}.{call}")
