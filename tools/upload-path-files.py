#!/usr/bin/env python3
"""The source files an upload passes through on its way to its row (issue 12: at most 25), measured.

Runs the local pipeline's end-to-end test (an upload noticed by the watcher, classified by the durable worker, its
row written) under coverlet and lists every file under src/ with a line that ran, in three groups:
  (a) the upload's path: from the upload being noticed to the row being written;
  (b) host start-up, Azurite and DI wiring only: the explicit list START_UP below, each entry with its reason;
  (c) generated: files outside src/ or under obj/ (the logging source generator, onnx.proto's C#).
It prints (a) and its count last. Nothing in the repository is changed: the collector is handed to `dotnet test`
from the NuGet packages folder (restored there into a temporary project when missing), not referenced by a project.

  nice -n 10 /usr/bin/python3 tools/upload-path-files.py [--all] [--save report.xml]   # build, run the test, classify
  /usr/bin/python3 tools/upload-path-files.py --xml report.xml [--all]                   # classify a saved report
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_PROJECT = "tests/ExerciseFunctions.Pipeline.Tests"
TEST_FILTER = "FullyQualifiedName~Upload_ends_in_a_completed_row_whose_columns_agree"
COLLECTOR = ("coverlet.collector", "10.0.1")

# (b): run by the test only while the host starts or is wired, not between the upload being noticed and the row.
# A folder ends with '/'. Anything not listed here (nor generated) counts as the upload's path.
START_UP = {
    # Finds, starts and supervises Azurite: the test fixture starts its Azurite through these before the host starts,
    # and hands the host a connection string.
    "src/ExerciseFunctions.LocalHost/Azurite/": "Azurite management",
    # Builds the Generic Host and registers the hosted services.
    "src/ExerciseFunctions.LocalHost/LocalPipelineHost.cs": "host start-up",
    # The local host's own settings, read once by the constructors of the worker and the watcher.
    "src/ExerciseFunctions.LocalHost/LocalHostSettings.cs": "host start-up",
    # A free port for the status API, picked by the test fixture before the host starts.
    "src/ExerciseFunctions.LocalHost/LoopbackPorts.cs": "test set-up",
    # Writes the test's clip before it is uploaded (tests/ExerciseFunctions.Testing's TestClips).
    "src/ExerciseFunctions.Modelling/Synthesis/VideoFileWriter.cs": "test set-up",
    # Maps the status API's route at start; the test reads the table, not the API.
    "src/ExerciseFunctions.LocalHost/Http/": "host start-up (route mapping)",
    # The periodic sweep of rows still Running: started with the host, first tick after a minute.
    "src/ExerciseFunctions.LocalHost/Watching/RowSweeper.cs": "host start-up (its timer never ticks in the test)",
    # Built by the sweeper when it starts (its constructor is all that runs): it reconciles rows only on a tick or a
    # status query, and the test's upload ends its row itself.
    "src/ExerciseFunctions.Pipeline/Starting/RunningRowReconciler.cs": "host start-up (constructed by the sweeper)",
    # AddPipeline and the creation of containers and table at start.
    "src/ExerciseFunctions.Pipeline/Hosting/": "DI wiring, start-up",
    # Which storage clients to make (connection string or identity): resolved once, when the container is built.
    "src/ExerciseFunctions.Pipeline/Storage/StorageConnection.cs": "DI wiring",
}


def start_up_reason(path):
    for entry, reason in START_UP.items():
        if path == entry or (entry.endswith("/") and path.startswith(entry)):
            return reason
    return None


def collector_directory():
    """The collector's build folder in the NuGet packages folder; restored into a throwaway project when missing."""
    listed = subprocess.run(["dotnet", "nuget", "locals", "global-packages", "--list"],
                            check=True, capture_output=True, text=True).stdout
    packages = listed.split(":", 1)[1].strip()
    package = os.path.join(packages, COLLECTOR[0].lower(), COLLECTOR[1])
    if not os.path.isdir(package):
        # Outside the repository, so its central package management does not apply.
        with tempfile.TemporaryDirectory() as scratch:
            with open(os.path.join(scratch, "restore.csproj"), "w") as project:
                project.write('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework>'
                              f'</PropertyGroup><ItemGroup><PackageReference Include="{COLLECTOR[0]}" '
                              f'Version="{COLLECTOR[1]}" /></ItemGroup></Project>')
            subprocess.run(["dotnet", "restore", scratch], check=True)
    builds = sorted(glob.glob(os.path.join(package, "build", "net*")), key=lambda d: int(d.rsplit("net", 1)[1].split(".")[0]))
    if not builds:
        sys.exit(f"no build folder in {package}")
    return builds[-1]


def run_test(results):
    subprocess.run(["dotnet", "test", TEST_PROJECT, "--filter", TEST_FILTER, "--collect", "XPlat Code Coverage",
                    "--test-adapter-path", collector_directory(), "--results-directory", results],
                   cwd=REPO, check=True)
    reports = glob.glob(os.path.join(results, "**", "coverage.cobertura.xml"), recursive=True)
    if len(reports) != 1:
        sys.exit(f"expected one coverage report under {results}, found {len(reports)}")
    return reports[0]


def files_hit(report):
    """Repository-relative paths of the files with at least one line that ran."""
    root = ET.parse(report).getroot()
    sources = [s.text or "" for s in root.iter("source")]
    hit = set()
    for cls in root.iter("class"):
        if not any(int(line.get("hits", "0")) > 0 for line in cls.iter("line")):
            continue
        name = cls.get("filename", "")
        path = name if os.path.isabs(name) else next(
            (os.path.join(s, name) for s in sources if os.path.exists(os.path.join(s, name))), name)
        hit.add(os.path.relpath(os.path.normpath(path), REPO) if os.path.isabs(path) else path)
    return hit


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xml", help="classify this cobertura report instead of running the test")
    parser.add_argument("--all", action="store_true", help="also list the start-up and generated files")
    parser.add_argument("--save", help="keep the coverage report here (to look at its lines, or classify it again)")
    args = parser.parse_args()
    if args.xml:
        groups = classify(files_hit(args.xml))
    else:
        with tempfile.TemporaryDirectory(prefix="upload-path-") as results:
            report = run_test(results)
            if args.save:
                shutil.copyfile(report, args.save)
            groups = classify(files_hit(report))
    path, start_up, generated = groups
    if args.all:
        print(f"(c) generated: {len(generated)}")
        for name in sorted(generated):
            print(f"    {name}")
        print(f"(b) host start-up, Azurite, DI wiring: {len(start_up)}")
        for name, reason in sorted(start_up.items()):
            print(f"    {name}  ({reason})")
    print(f"(a) upload path: {len(path)}")
    for name in sorted(path):
        print(f"    {name}")
    print(f"upload path files: {len(path)}")


def classify(hit):
    path, start_up, generated = [], {}, []
    for name in hit:
        if not name.startswith("src/"):
            continue  # the test's own code
        if "/obj/" in name:
            generated.append(name)
        elif (reason := start_up_reason(name)) is not None:
            start_up[name] = reason
        else:
            path.append(name)
    return path, start_up, generated


if __name__ == "__main__":
    main()
