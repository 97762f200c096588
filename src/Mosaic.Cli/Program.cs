using Mosaic.Cli;

return MosaicApp.Run(args, Console.Out, Console.Error);
