# Tests of the data readers, the conv layers, MMoE, the data problems and the outcome protocol.
mtw_add_test(tst_idx_reader SOURCES tst_idx_reader.cpp LIBS mtw_data)
mtw_add_test(tst_csv_importer SOURCES tst_csv_importer.cpp LIBS mtw_data TIMEOUT 120)
mtw_add_test(tst_conv_layers SOURCES tst_conv_layers.cpp fd_check.h LIBS mtw_core)
mtw_add_test(tst_mmoe SOURCES tst_mmoe.cpp fd_check.h LIBS mtw_problem)
mtw_add_test(tst_multi_fashion SOURCES tst_multi_fashion.cpp LIBS mtw_problem TIMEOUT 300)
mtw_add_test(tst_outcome_protocol SOURCES tst_outcome_protocol.cpp LIBS mtw_analysis mtw_problem)
