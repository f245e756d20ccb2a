namespace KerjasamaGraph.Grains; public interface IPing : Orleans.IGrainWithStringKey { Task<int> Ping(); }
