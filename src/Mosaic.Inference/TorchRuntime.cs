using Mosaic.Inference.Native;
using TorchSharp;

namespace Mosaic.Inference;

/// <summary>
/// Process-wide TorchSharp set-up: the native-library fix, device choice and the intra-op thread count.
/// Every entry point of this library calls <see cref="EnsureInitialized"/> before touching torch.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool initialized;
    private static int? threads;

    /// <summary>Applies the native fix and loads libtorch; safe to call many times from any thread.</summary>
    public static void EnsureInitialized()
    {
        if (Volatile.Read(ref initialized))
        {
            return;
        }

        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            NativeLibraryFix.Apply();
            _ = torch.get_num_threads();
            Volatile.Write(ref initialized, true);
        }
    }

    /// <summary>libtorch's version string, e.g. 2.10.0.</summary>
    public static string LibTorchVersion
    {
        get
        {
            EnsureInitialized();
            return torch.__version__;
        }
    }

    /// <summary>True when a CUDA device is usable by this build (the CUDA backend and a driver are present).</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureInitialized();
            return torch.cuda.is_available();
        }
    }

    /// <summary>
    /// The intra-op thread count applied by every generation loop on its own thread (OpenMP settings are per
    /// thread); null leaves libtorch's default (one per core).
    /// </summary>
    public static int? Threads
    {
        get => threads;
        set
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
            }

            threads = value;
            if (value is { } n)
            {
                EnsureInitialized();
                torch.set_num_threads(n);
            }
        }
    }

    /// <summary>Applies <see cref="Threads"/> to the calling thread.</summary>
    internal static void ApplyThreadSettings()
    {
        if (threads is { } n && torch.get_num_threads() != n)
        {
            torch.set_num_threads(n);
        }
    }

    internal static torch.Device ResolveDevice(InferenceDevice device, int? cudaIndex = null)
    {
        EnsureInitialized();
        return device switch
        {
            InferenceDevice.Cpu => torch.CPU,
            InferenceDevice.Cuda when torch.cuda.is_available() && cudaIndex is { } index => index < torch.cuda.device_count()
                ? new torch.Device(DeviceType.CUDA, index)
                : throw new InvalidOperationException($"cuda:{index} was requested but only {torch.cuda.device_count()} CUDA device(s) are visible"),
            InferenceDevice.Cuda when torch.cuda.is_available() => torch.CUDA,
            InferenceDevice.Cuda => throw new InvalidOperationException("CUDA was requested but no CUDA device is available to this build (build with -p:TorchBackend=cuda on a GPU host)"),
            _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        };
    }
}
