# aicc_tablegen(<target> <td-file> <output relative to build/include> <mlir-tblgen flags...>)
# Runs mlir-tblgen with a depfile so edits of included .td files rebuild.
set(AICC_GEN_DIR ${PROJECT_BINARY_DIR}/include)
function(aicc_tablegen target td out)
  set(outfile ${AICC_GEN_DIR}/${out})
  get_filename_component(outdir ${outfile} DIRECTORY)
  file(MAKE_DIRECTORY ${outdir})
  add_custom_command(OUTPUT ${outfile}
    COMMAND ${MLIR_TBLGEN} ${ARGN} ${td} -o ${outfile} -d ${outfile}.d
            -I ${MLIR_INCLUDE_DIRS} -I ${PROJECT_SOURCE_DIR}/dialects
            -I ${PROJECT_SOURCE_DIR}/lib --write-if-changed
    DEPENDS ${td} ${MLIR_TBLGEN}
    DEPFILE ${outfile}.d
    COMMENT "mlir-tblgen ${out}")
  set_property(GLOBAL APPEND PROPERTY AICC_TBLGEN_OUTPUTS_${target} ${outfile})
endfunction()

# Creates a target that depends on everything aicc_tablegen produced for it.
function(aicc_tablegen_target target)
  get_property(outs GLOBAL PROPERTY AICC_TBLGEN_OUTPUTS_${target})
  add_custom_target(${target} DEPENDS ${outs})
endfunction()
