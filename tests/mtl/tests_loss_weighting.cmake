# Tests of this family's methods: mtw_add_test(tst_x SOURCES tst_x.cpp LIBS mtw_mtl)
foreach(test_name tst_gls tst_uw tst_dwa tst_gradnorm tst_ema_lw tst_gn_scaling tst_famo tst_db_mtl tst_stch
        tst_excess_mtl tst_imtl_l tst_imtl tst_loss_weighting_state)
    mtw_add_test(${test_name} SOURCES ${test_name}.cpp loss_weighting_test_support.h LIBS mtw_mtl)
endforeach()
