"""task_gramian on gradients known by hand (skipped without PyTorch)."""

import math
import unittest

import mtw

try:
    import torch
except ImportError:
    torch = None


@unittest.skipIf(torch is None, "PyTorch is not installed (python3-torch)")
class GramianTest(unittest.TestCase):
    def test_hand_computed(self):
        # theta = (1, 2), unused = (5,): L_1 = 3 theta_1 (g_1 = (3, 0)), L_2 = |theta|^2 / 2
        # (g_2 = theta = (1, 2)); G = [[9, 3], [3, 5]].
        theta = torch.tensor([1.0, 2.0], requires_grad=True)
        unused = torch.tensor([5.0], requires_grad=True)
        frozen = torch.tensor([7.0])  # no gradient: left out
        losses = [3 * theta[0], (theta * theta).sum() / 2]
        info = mtw.task_gramian(losses, [theta, unused, frozen])
        self.assertEqual(info["gramian"], [[9.0, 3.0], [3.0, 5.0]])
        self.assertEqual(info["grad_norms"], [3.0, math.sqrt(5.0)])
        self.assertAlmostEqual(info["cosine"][0][1], 3 / (3 * math.sqrt(5)), places=15)
        # The graph is kept: the training step's backward still works.
        sum(losses).backward()
        self.assertEqual(theta.grad.tolist(), [4.0, 2.0])

    def test_no_shared_parameter(self):
        with self.assertRaisesRegex(ValueError, "no shared parameter"):
            mtw.task_gramian([torch.tensor(1.0)], [torch.tensor([1.0])])


if __name__ == "__main__":
    unittest.main()
