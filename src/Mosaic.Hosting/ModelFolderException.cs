namespace Mosaic.Hosting;

/// <summary>
/// An expert's model folder that cannot be loaded, found at start-up (<c>ModelFolders</c>): the user's input, reported
/// in one line naming the expert and the file. An <see cref="ArgumentException"/>, like every other bad host setting.
/// </summary>
internal sealed class ModelFolderException(string message, Exception? inner = null) : ArgumentException(message, inner);
