using TrainCompare.Analysis;
using TrainCompare.Profiles;

namespace TrainCompare.Tests.Profiles;

public sealed class KernelNamesAndDiffTests
{
    [Theory]
    [InlineData("void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3> >(int, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3>)",
        "at::native::vectorized_elementwise_kernel")]
    [InlineData("void at::native::(anonymous namespace)::vectorized_layer_norm_kernel<c10::BFloat16, float>(int, float, c10::BFloat16 const*)",
        "at::native::{anonymous}::vectorized_layer_norm_kernel")]
    [InlineData("ampere_sgemm_128x64_tn", "ampere_sgemm_*_tn")]
    [InlineData("ampere_sgemm_64x64_tn", "ampere_sgemm_*_tn")]
    [InlineData("Cijk_Alik_Bljk_SB_MT64x16x32_MI16x16x1_SN", "Cijk_Alik_Bljk_SB_MT*_MI*_SN")]
    [InlineData("triton_poi_fused_add_cos_sin_0", "triton_poi_fused_add_cos_sin")]
    [InlineData("triton_red_fused__softmax_12", "triton_red_fused__softmax")]
    [InlineData("Memcpy HtoD (Pageable -> Device)", "Memcpy HtoD")]
    [InlineData("sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize64x64x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas",
        "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize*_warpgroupsize*_execute_segment_k_off_kernel__5x_cublas")]
    [InlineData("ncclKernel_AllReduce_RING_LL_Sum_float(ncclDevComm*, unsigned long, ncclWork*)", "ncclKernel_AllReduce_RING_LL_Sum_float")]
    public void Template_arguments_parameters_sizes_and_triton_indices_do_not_split_a_kernel(string raw, string normalized)
        => Assert.Equal(normalized, KernelNames.Normalize(raw));

    [Fact]
    public void Brief_names_drop_namespaces_and_long_ones_keep_both_ends()
    {
        Assert.Equal("vectorized_elementwise_kernel", KernelNames.Brief("at::native::vectorized_elementwise_kernel"));
        Assert.Equal("Matmul", KernelNames.Brief("Matmul"));
        Assert.Equal("abcdefg…xyz", KernelNames.Shorten("abcdefghijklmnopqrstuvwxyz", 11));
    }

    [Fact]
    public void A_fusion_is_one_hunk_per_layer_between_the_ops_both_runs_share()
    {
        // layer: LN, Matmul, Pad, Slice, Softmax; fused: LN, Matmul, Heads, Softmax — twice
        int[] a = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
        int[] b = [1, 2, 9, 5, 1, 2, 9, 5];
        var hunks = SequenceDiff.Hunks(a, b)!;
        Assert.Equal(2, hunks.Count);
        Assert.Equal([2, 3], hunks[0].Deleted);
        Assert.Equal([2], hunks[0].Inserted);
        Assert.Equal([7, 8], hunks[1].Deleted);
        Assert.Equal([6], hunks[1].Inserted);
    }

    [Fact]
    public void Equal_sequences_have_no_hunks_and_too_many_edits_give_up()
    {
        Assert.Empty(SequenceDiff.Hunks([1, 2, 3], [1, 2, 3])!);
        var insertOnly = SequenceDiff.Hunks([1, 3], [1, 2, 3])!;
        Assert.Empty(Assert.Single(insertOnly).Deleted);
        Assert.Null(SequenceDiff.Hunks(Enumerable.Range(0, 100).ToArray(), Enumerable.Range(100, 100).ToArray(), maxEdits: 50));
    }
}
