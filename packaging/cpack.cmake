# CPack's DEB settings for mtw_<version>_amd64.deb. Run cpack in the build folder (make package).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mtw)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "MTL Workbench maintainers <maintainers@users.noreply.b-seed-ad638ec5.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "workbench for multi-task learning optimisation")
# Extended description lines of at most 80 characters (lintian).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "MTL Workbench sets up a multi-task learning experiment, trains it and shows it
live: the loss of every task, the task weights each method picks (EW, MGDA,
PCGrad, CAGrad, Nash-MTL, UPGrad and more), the pairwise cosines of the task
gradients, the loss landscape with the optimiser's trajectory and the Pareto
front of task losses across methods. Every view exports as PNG, SVG or PDF and
as CSV.
.
This package holds the desktop program mtw and the command line mtw-cli, which
runs the same experiments without a window for scripts, sweeps and Slurm.")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR})
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # mtw_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends from the libraries the binaries link (dpkg-shlibdeps), which on Debian 12 also brings the
# xcb and offscreen platform plugins (libqt6gui6), the SVG icon engine (libqt6svg6), Mesa through
# libglx0 and a font through fontconfig. What no binary links:
#   dataset-fashion-mnist  the Fashion-MNIST problems read its IDX files (two of the examples)
#   xdg-utils              "Open run folder" hands the folder to xdg-open; only suggested: on a
#                          server running mtw-cli it would pull in a dozen X11 and Perl packages
#   slurm-client           mtw-cli sweep submit --slurm calls sbatch
#   sqlite3                to query a run's run.sqlite by hand
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xdg-utils, slurm-client, sqlite3")

include(CPack)
