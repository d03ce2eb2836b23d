# Tests of this family's methods: mtw_add_test(tst_x SOURCES tst_x.cpp LIBS mtw_mtl)
