# Tests of the extended gradient-aggregation family (one executable per method) and its simplex
# projection helper.
mtw_add_test(tst_simplex_projection SOURCES tst_simplex_projection.cpp LIBS mtw_mtl)
mtw_add_test(tst_graddrop SOURCES tst_graddrop.cpp LIBS mtw_mtl)
mtw_add_test(tst_gradvac SOURCES tst_gradvac.cpp LIBS mtw_mtl)
mtw_add_test(tst_aligned_mtl SOURCES tst_aligned_mtl.cpp LIBS mtw_mtl)
mtw_add_test(tst_config SOURCES tst_config.cpp LIBS mtw_mtl)
mtw_add_test(tst_moco SOURCES tst_moco.cpp LIBS mtw_mtl)
mtw_add_test(tst_sdmgrad SOURCES tst_sdmgrad.cpp LIBS mtw_mtl)
mtw_add_test(tst_fairgrad SOURCES tst_fairgrad.cpp LIBS mtw_mtl)
mtw_add_test(tst_krum SOURCES tst_krum.cpp LIBS mtw_mtl)
mtw_add_test(tst_trimmed_mean SOURCES tst_trimmed_mean.cpp LIBS mtw_mtl)
