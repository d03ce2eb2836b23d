#!/usr/bin/env python3
"""Watch your own PyTorch training in the workbench: a two-task Fashion-MNIST model (the 10-way
class and the binary "is it footwear") trained with equal weights, logged with mtw.RunWriter, with
the task-gradient Gramian every --gramian-every steps and evaluations every --eval-every.

    python3 python/examples/fashion_two_task.py --steps 2000 --out runs/fashion-torch &
    build/release/src/app/mtw runs/fashion-torch          # follows it while it trains

Needs PyTorch (Debian: python3-torch) and the Fashion-MNIST files (Debian: dataset-fashion-mnist,
gzip'd IDX files in /usr/share/datasets/fashion-mnist). Without either it says so and exits 77
("skipped", as ctest reads it).

The experiment.json describes the run as the workbench's fashion_mtl problem (tasks class and
footwear, the same labels) with an MLP of the same widths, so it sits next to the workbench's own
runs of that problem in a study; the description says what differs (PyTorch's initialisation and
Adam, this script's split of the data). The workbench's landscape view rebuilds that problem with
its own model and initialisation, so for this run it shows the workbench's MLP, not this one.
"""

import argparse
import gzip
import os
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import mtw  # noqa: E402

SKIPPED = 77
DATA_DIR = "/usr/share/datasets/fashion-mnist"
TASKS = ["class", "footwear"]
FOOTWEAR = (5, 7, 9)  # sandal, sneaker, ankle boot: src/data/fashion_mtl.cpp's "footwear"
TRUNK = [128, 64]


def read_idx(path, limit):
    """The first `limit` items of a gzip'd IDX file of unsigned bytes (magic 0x00 0x00 0x08 D, then D
    big-endian sizes) as (item count, item size, bytes); only those items are decompressed."""
    with gzip.open(path, "rb") as f:
        zero, kind, dimensions = struct.unpack(">HBB", f.read(4))
        if zero != 0 or kind != 0x08:
            raise ValueError("%s: not an IDX file of unsigned bytes" % path)
        shape = struct.unpack(">%dI" % dimensions, f.read(4 * dimensions))
        item = 1
        for size in shape[1:]:
            item *= size
        count = min(limit, shape[0])
        data = f.read(count * item)
    if len(data) != count * item:
        raise ValueError("%s: truncated (%d of %d bytes)" % (path, len(data), count * item))
    return count, item, data


def load_split(torch, directory, prefix, limit):
    count, pixels, images = read_idx(os.path.join(directory, "%s-images-idx3-ubyte.gz" % prefix), limit)
    labels_count, _, labels = read_idx(os.path.join(directory, "%s-labels-idx1-ubyte.gz" % prefix), limit)
    if count != labels_count:
        raise ValueError("%s: %d images but %d labels" % (prefix, count, labels_count))
    x = torch.frombuffer(bytearray(images), dtype=torch.uint8).reshape(count, pixels)
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    return x.float() / 255.0, y


def targets(torch, y):
    """The two tasks' labels: the class itself and footwear (1) or not (0)."""
    return [y, torch.isin(y, torch.tensor(FOOTWEAR)).long()]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="run directory (new or empty; default runs/fashion-two-task-<time>)")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--gramian-every", type=int, default=20, help="log the task Gramian every k steps")
    parser.add_argument("--eval-every", type=int, default=200)
    parser.add_argument("--train-samples", type=int, default=60000, help="training + validation items used")
    parser.add_argument("--validation-fraction", type=float, default=0.1)
    parser.add_argument("--test-samples", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--data-dir", default=DATA_DIR)
    return parser.parse_args()


def main():
    args = parse_arguments()
    try:
        import torch
    except ImportError:
        print("skipped: PyTorch is not installed (Debian: apt install python3-torch)", file=sys.stderr)
        return SKIPPED
    if not os.path.exists(os.path.join(args.data_dir, "train-images-idx3-ubyte.gz")):
        print("skipped: no Fashion-MNIST files in %s (Debian: apt install dataset-fashion-mnist)" % args.data_dir,
              file=sys.stderr)
        return SKIPPED
    from torch import nn

    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    x, y = load_split(torch, args.data_dir, "train", args.train_samples)
    x_test, y_test = load_split(torch, args.data_dir, "t10k", args.test_samples)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(args.seed))
    held_out = int(len(y) * args.validation_fraction)
    x_val, y_val = x[order[:held_out]], y[order[:held_out]]
    x_train, y_train = x[order[held_out:]], y[order[held_out:]]

    layers, width = [], x.shape[1]
    for hidden in TRUNK:
        layers += [nn.Linear(width, hidden), nn.ReLU()]
        width = hidden
    trunk = nn.Sequential(*layers)
    heads = nn.ModuleList([nn.Linear(width, 10), nn.Linear(width, 2)])
    model = nn.ModuleList([trunk, heads])
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    weights = [1.0 / len(TASKS)] * len(TASKS)  # EW: the mean of the task losses

    def task_losses(inputs, labels):
        features = trunk(inputs)
        return [nn.functional.cross_entropy(head(features), target) for head, target in zip(heads, targets(torch, labels))]

    def evaluate(writer, step, split, inputs, labels):
        with torch.no_grad():
            features = trunk(inputs)
            losses, accuracies = [], []
            for head, target in zip(heads, targets(torch, labels)):
                logits = head(features)
                losses.append(nn.functional.cross_entropy(logits, target).item())
                accuracies.append((logits.argmax(1) == target).double().mean().item())
        writer.log_eval(step, split, losses, {"accuracy": accuracies})
        return accuracies

    experiment = {
        "schema": "mtw-experiment/1",
        "name": "fashion-two-task-torch",
        "description": "PyTorch model trained by python/examples/fashion_two_task.py and logged with mtw.RunWriter: "
                       "the tasks and MLP widths of the workbench's fashion_mtl + mlp, but PyTorch's initialisation "
                       "and Adam and this script's validation split (seed %d)." % args.seed,
        "problem": {"type": "fashion_mtl", "params": {"tasks": ",".join(TASKS), "train_samples": len(y),
                                                      "test_samples": len(y_test),
                                                      "validation_fraction": args.validation_fraction}},
        "model": {"architecture": "mlp", "trunk": TRUNK, "activation": "relu"},
        "method": {"name": "ew", "params": {}},
        "optimizer": {"type": "adam", "lr": args.lr},
        "training": {"steps": args.steps, "batch_size": args.batch_size, "seed": args.seed},
        "evaluation": {"every": args.eval_every},
        "diagnostics": {"record_every": 1, "matrix_every": args.gramian_every},
    }
    out = args.out or os.path.join("runs", "fashion-two-task-" + time.strftime("%Y%m%d-%H%M%S"))
    generator = torch.Generator().manual_seed(args.seed + 1)
    with mtw.RunWriter(out, TASKS, experiment=experiment) as writer:
        print("run directory: %s (open it with: mtw %s)" % (out, out))
        batch_order, position = torch.randperm(len(y_train), generator=generator), 0
        for step in range(args.steps):
            if position + args.batch_size > len(batch_order):
                batch_order, position = torch.randperm(len(y_train), generator=generator), 0
            batch = batch_order[position:position + args.batch_size]
            position += args.batch_size
            losses = task_losses(x_train[batch], y_train[batch])
            values = [loss.item() for loss in losses]
            if args.gramian_every and step % args.gramian_every == 0:
                # T backward passes through the trunk: the conflict heatmap's cost, every k steps.
                gramian = mtw.task_gramian(losses, trunk.parameters())["gramian"]
                writer.log_step(step, values, weights, gramian=gramian, lr=args.lr)
            else:
                writer.log_step(step, values, weights, lr=args.lr)
            optimizer.zero_grad()
            sum(w * loss for w, loss in zip(weights, losses)).backward()
            optimizer.step()
            done = step + 1
            if done % args.eval_every == 0 or done == args.steps:
                # Evaluations after `done` steps, as the workbench numbers them.
                if len(y_val):
                    evaluate(writer, done, "validation", x_val, y_val)
                accuracies = evaluate(writer, done, "test", x_test, y_test)
                print("step %d: training losses %s, test accuracy %s" % (
                    done, " ".join("%.4f" % v for v in values), " ".join("%.3f" % a for a in accuracies)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
