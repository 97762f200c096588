using System.Buffers.Binary;
using System.Text;
using Mosaic.Inference.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class SafeTensorsTests(TorchFixture fixture)
{
    [Fact]
    public void RoundTrip_IsBitExact_ForEveryDType()
    {
        Assert.NotNull(fixture.Model);
        var path = Path.Combine(TestModels.TempDirectory(), "all.safetensors");
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = torch.randn([3, 5], generator: generator),
            ["f16"] = torch.randn([4, 2], generator: generator).to(ScalarType.Float16),
            ["bf16"] = torch.randn([2, 3, 4], generator: generator).to(ScalarType.BFloat16),
            ["f64"] = torch.randn([7], ScalarType.Float64, generator: generator),
            ["i64"] = torch.arange(-5, 5, ScalarType.Int64),
            ["i32"] = torch.arange(0, 9, ScalarType.Int32).view(3, 3),
            ["i16"] = torch.arange(-3, 3, ScalarType.Int16),
            ["i8"] = torch.arange(-3, 3, ScalarType.Int8),
            ["u8"] = torch.arange(0, 200, 7, ScalarType.Byte),
            ["bool"] = torch.tensor(new[] { true, false, true }),
            ["scalar"] = torch.tensor(3.25f),
            ["empty"] = torch.empty([0, 4]),
        };
        SafeTensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(tensors.Keys.Order(), file.Tensors.Keys.Order());
        foreach (var (name, expected) in tensors)
        {
            using var actual = file.Read(name);
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(expected.contiguous().bytes.ToArray(), actual.bytes.ToArray());
        }

        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path));
        Assert.Equal(0, (8 + headerLength) % 8);
    }

    /// <summary>Tensors over 2 GiB (Qwen2.5-72B's embedding) are read in chunks; small chunks here take the same path.</summary>
    [Theory]
    [InlineData(64)]
    [InlineData(3)]
    [InlineData(1L << 30)]
    public void ReadBytes_InChunks_IsBitExact(long chunkBytes)
    {
        var path = Path.Combine(TestModels.TempDirectory(), "chunks.safetensors");
        using var scope = NewDisposeScope();
        var expected = torch.randn([37, 11], generator: new Generator(5)).to(ScalarType.BFloat16);
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["w"] = expected });

        using var file = SafeTensorsFile.Open(path);
        var read = torch.empty([37, 11], ScalarType.BFloat16);
        file.ReadBytes(file.Info("w"), read, chunkBytes);

        Assert.Equal(expected.bytes.ToArray(), read.bytes.ToArray());
    }

    [Fact]
    public void SameData_ComparesDTypeShapeAndEveryByte()
    {
        var path = Path.Combine(TestModels.TempDirectory(), "same.safetensors");
        using var scope = NewDisposeScope();
        var a = torch.randn([300, 70], generator: new Generator(6));
        var oneBitOff = a.clone();
        oneBitOff[299, 69] = oneBitOff[299, 69] + 1e-3f;
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["a"] = a, ["copy"] = a.clone(), ["off"] = oneBitOff, ["half"] = a.to(ScalarType.Float16) });

        using var file = SafeTensorsFile.Open(path);
        Assert.True(file.SameData("a", file, "copy"));
        Assert.False(file.SameData("a", file, "off"));
        Assert.False(file.SameData("a", file, "half"));
    }

    [Fact]
    public void BytesAfterTheLastTensor_AreRejected()
    {
        var path = Path.Combine(TestModels.TempDirectory(), "trailing.safetensors");
        using (var scope = NewDisposeScope())
        {
            SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["w"] = torch.ones(4) });
        }

        File.AppendAllText(path, "junk");
        var error = Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path).Dispose());
        Assert.Equal($"{path}: 4 bytes after the last tensor's data (the header describes 16 of 20)", error.Message);
    }

    [Fact]
    public void ReadInto_ConvertsWhenTheDestinationDTypeDiffers()
    {
        var path = Path.Combine(TestModels.TempDirectory(), "bf16.safetensors");
        using var source = torch.tensor(new[] { 1.5f, -2.25f, 3f }).to(ScalarType.BFloat16);
        SafeTensorsWriter.Write(path, [new("w", source)]);
        using var file = SafeTensorsFile.Open(path);
        using var destination = torch.zeros(3);
        file.ReadInto("w", destination);
        Assert.Equal(new[] { 1.5f, -2.25f, 3f }, destination.data<float>().ToArray());
    }

    [Fact]
    public void Truncated_File_NamesFileAndTensor()
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^6]);
        var error = Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal("b", error.TensorName);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void HeaderLength_PastEndOfFile_IsRejected()
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length * 2);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path));
        Assert.Contains("past the end of the file", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TinyFile_IsRejected()
    {
        var path = Path.Combine(TestModels.TempDirectory(), "tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("truncated", Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Q7", "unknown dtype 'Q7'")]
    [InlineData("F8_E4M3", "not supported")]
    public void UnknownDType_NamesTheTensor(string dtype, string expected)
    {
        var path = Path.Combine(TestModels.TempDirectory(), "dtype.safetensors");
        WriteRaw(path, $"{{\"w\":{{\"dtype\":\"{dtype}\",\"shape\":[2],\"data_offsets\":[0,2]}}}}", new byte[2]);
        var error = Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path));
        Assert.Equal("w", error.TensorName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SizeMismatchAndHoles_AreRejected()
    {
        var path = Path.Combine(TestModels.TempDirectory(), "bad.safetensors");
        WriteRaw(path, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        Assert.Contains("need 12", Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path)).Message, StringComparison.Ordinal);
        WriteRaw(path, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);
        Assert.Contains("hole", Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path)).Message, StringComparison.Ordinal);
        WriteRaw(path, "not json at all", new byte[8]);
        Assert.Contains("not valid JSON", Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Open(path)).Message, StringComparison.Ordinal);
    }

    private static string WriteSample()
    {
        var path = Path.Combine(TestModels.TempDirectory(), "sample.safetensors");
        using var a = torch.ones(4);
        using var b = torch.ones(2, 2);
        SafeTensorsWriter.Write(path, [new("a", a), new("b", b)]);
        return path;
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
    }
}
