using TorchSharp;

namespace Mosaic.Inference.Modules;

/// <summary>
/// Scalars for libtorch calls made while other threads generate. No Scalar may be created implicitly on those paths,
/// neither by us (a number passed where a Scalar is expected) nor by TorchSharp (<c>a + b</c> passes
/// an implicit alpha of 1, <c>square()</c> an exponent of 2): the temporary is unreachable once its handle is passed
/// on, so a collection on another thread can finalise it while the native call still reads it (TorchSharp PR #1434).
/// Under load that failed whole sessions with "the generation engine has failed: … Scalar.h" (toFloat in
/// add_scalar's alpha, equal in pow's exponent). These constants live as long as the process; a call with a
/// variable number holds its own Scalar in a <c>using</c> until the call has returned.
/// </summary>
internal static class Scalars
{
    public static readonly Scalar Zero = 0L.ToScalar();

    public static readonly Scalar One = 1L.ToScalar();

    public static readonly Scalar NegativeInfinity = float.NegativeInfinity.ToScalar();
}
