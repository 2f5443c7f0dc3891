using TrainCompare.Cli;

return TraincmpCommand.Run(args, Console.Out, Console.Error);
